/**
 * Parse a clock timestamp into seconds: `1:02`, `01:02.5`, `00:01:02`, `00:01:02,500`, `0:0:3.450`.
 * Returns undefined when the string is not exactly a timestamp. Manual scanning, no regex backtracking.
 */
export function parseClock(s: string): number | undefined {
  const len = s.length;
  if (len === 0 || len > 24) return undefined;
  const parts: number[] = [];
  let i = 0;
  let frac = 0;
  let fracDigits = 0;
  for (;;) {
    let n = 0;
    let digits = 0;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3) return undefined;
    parts.push(n);
    if (i === len) break;
    const sep = s[i];
    if (sep === ':') {
      i++;
      continue;
    }
    if (sep === '.' || sep === ',') {
      i++;
      while (i < len) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) return undefined;
        if (fracDigits < 3) {
          frac = frac * 10 + (c - 48);
          fracDigits++;
        }
        i++;
      }
      if (fracDigits === 0) return undefined;
      break;
    }
    return undefined;
  }
  if (parts.length < 2 || parts.length > 3) return undefined;
  let seconds = 0;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (k > 0 && p > 59) return undefined;
    seconds = seconds * 60 + p;
  }
  const ms = seconds * 1000 + frac * 10 ** (3 - fracDigits);
  return ms / 1000;
}

/** Seconds from a cell or JSON value: a number, a numeric string, or a clock timestamp. `scale` converts ms → s. */
export function parseTimeValue(v: unknown, scale = 1): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? round3(v * scale) : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '') return undefined;
  if (/^\d{1,12}(?:[.,]\d{1,9})?$/.test(s)) return round3(Number(s.replace(',', '.')) * scale);
  const c = parseClock(s);
  return c;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** `00:00:01.000 --> 00:00:04.000 align:start` → [1, 4]; undefined when the line is not a cue timing. */
export function parseCueTiming(line: string): [number, number] | undefined {
  const arrow = line.indexOf('-->');
  if (arrow < 0) return undefined;
  const left = line.slice(0, arrow).trim();
  let right = line.slice(arrow + 3).trim();
  const sp = right.search(/\s/);
  if (sp >= 0) right = right.slice(0, sp);
  const a = parseClock(left);
  const b = parseClock(right);
  if (a === undefined || b === undefined) return undefined;
  return [a, b];
}
