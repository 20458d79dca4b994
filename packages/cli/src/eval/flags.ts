import { UsageError } from '../errors.js';

export interface Flags {
  values: Record<string, string | undefined>;
  flags: Set<string>;
  positional: string[];
}

/** Minimal `--name value` / `--name=value` / boolean flag parser; unknown flags are usage errors. */
export function parseFlags(argv: string[], valued: string[], booleans: string[] = []): Flags {
  const out: Flags = { values: {}, flags: new Set(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-' || !a.startsWith('-')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.replace(/^--?/, '').slice(0, eq > 0 ? eq - (a.startsWith('--') ? 2 : 1) : undefined);
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      out.values[name] = v;
    } else if (booleans.includes(name)) out.flags.add(name);
    else throw new UsageError(`unknown option ${a}`);
  }
  return out;
}
