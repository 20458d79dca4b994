/**
 * Find where a JSON text first goes wrong (character offset), for error messages: V8's JSON.parse does not
 * always report a position. Iterative (explicit stack), linear, no recursion. Returns -1 when the text is valid.
 */
export function jsonErrorOffset(s: string): number {
  const n = s.length;
  const stack: number[] = []; // 1 = object, 2 = array
  // states: 0 value expected, 1 after value, 2 key expected (or '}' right after '{'), 3 colon expected
  let state = 0;
  let i = 0;
  let justOpened = false;
  const ws = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
  for (;;) {
    while (i < n && ws(s.charCodeAt(i))) i++;
    if (i >= n) return stack.length === 0 && state === 1 ? -1 : n;
    const c = s[i]!;
    if (state === 0) {
      if (c === '{') {
        stack.push(1);
        state = 2;
        justOpened = true;
        i++;
        continue;
      }
      if (c === '[') {
        stack.push(2);
        i++;
        justOpened = true;
        // allow immediate ']'
        while (i < n && ws(s.charCodeAt(i))) i++;
        if (s[i] === ']') {
          stack.pop();
          i++;
          state = 1;
        }
        continue;
      }
      if (c === '"') {
        const e = scanString(s, i);
        if (e < 0) return -e - 1;
        i = e;
        state = 1;
        continue;
      }
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
      if (m && m[0].length > 0) {
        i += m[0].length;
        state = 1;
        continue;
      }
      for (const lit of ['true', 'false', 'null']) {
        if (s.startsWith(lit, i)) {
          i += lit.length;
          state = 1;
          break;
        }
      }
      if (state === 1) continue;
      return i;
    }
    if (state === 2) {
      if (c === '}' && justOpened) {
        stack.pop();
        i++;
        state = 1;
        justOpened = false;
        continue;
      }
      if (c !== '"') return i;
      const e = scanString(s, i);
      if (e < 0) return -e - 1;
      i = e;
      state = 3;
      justOpened = false;
      continue;
    }
    if (state === 3) {
      if (c !== ':') return i;
      i++;
      state = 0;
      continue;
    }
    // state 1: after a value
    justOpened = false;
    const top = stack[stack.length - 1];
    if (top === undefined) return i; // trailing data
    if (c === ',') {
      i++;
      state = top === 1 ? 2 : 0;
      continue;
    }
    if ((c === '}' && top === 1) || (c === ']' && top === 2)) {
      stack.pop();
      i++;
      continue;
    }
    return i;
  }
}

/** Returns the index after the closing quote, or -(errorOffset+1). */
function scanString(s: string, start: number): number {
  let i = start + 1;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) i += 2;
    else if (c < 32) return -(i + 1);
    else i++;
  }
  return -(n + 1);
}
