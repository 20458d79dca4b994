#!/usr/bin/env node
/**
 * `dyadic <command>`: one entry point, one file per command under ./commands.
 * Exit codes: 0 ok, 1 unexpected failure, 2 bad input or usage (with a message on stderr).
 */
import { UsageError, isInputError } from './errors.js';

type Command = (argv: string[]) => Promise<number | void>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  parse: { summary: 'parse a transcript file into JSONL turns', load: async () => (await import('./commands/parse.js')).run },
  tag: { summary: 'tag utterances (JSONL or a transcript file) with the codebook', load: async () => (await import('./commands/tag.js')).run },
  agreement: { summary: 'agreement of the tagger with human codes (kappa, P/R/F1 per tag)', load: async () => (await import('./commands/agreement.js')).run },
  upload: { summary: 'upload a folder or files to a Dyadic server (manifest, resumable, per-file report)', load: async () => (await import('./commands/upload.js')).run },
  eval: { summary: 'score the tagger against labelled data (P/R/F1/kappa)', load: async () => (await import('./commands/eval.js')).run },
  export: { summary: "download a program's tables (CSV, JSON Lines or Parquet) with the data dictionary and R/SPSS scripts", load: async () => (await import('./commands/export.js')).run },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: dyadic <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`dyadic: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const code = await (await command.load())(rest);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UsageError || isInputError(err)) {
      process.stderr.write(`dyadic ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`dyadic ${name}: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(String(err) + '\n');
    process.exitCode = 1;
  },
);
