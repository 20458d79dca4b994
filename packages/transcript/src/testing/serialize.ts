import type { Turn } from '@dyadic/domain';

/** Test/bench helper: write turns in each format, so parse(serialize(turns)) can be checked against turns. */

function clock(s: number, sep: '.' | ','): string {
  const ms = Math.round(s * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  const f = ms % 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(sec)}${sep}${p(f, 3)}`;
}

export function toVtt(turns: Turn[], style: 'voice' | 'zoom' = 'zoom'): string {
  const cues = turns.map((t, i) => {
    const body = style === 'voice' ? `<v ${t.speaker}>${t.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</v>` : `${t.speaker}: ${t.text}`;
    return `${i + 1}\n${clock(t.start ?? 0, '.')} --> ${clock(t.end ?? 0, '.')}\n${body}\n`;
  });
  return `WEBVTT\n\n${cues.join('\n')}`;
}

export function toSrt(turns: Turn[]): string {
  return turns.map((t, i) => `${i + 1}\n${clock(t.start ?? 0, ',')} --> ${clock(t.end ?? 0, ',')}\n${t.speaker}: ${t.text}\n`).join('\n');
}

export function toTxt(turns: Turn[]): string {
  return turns.map((t) => (t.start !== undefined ? `[${clock(t.start, '.')}] ${t.speaker}: ${t.text}` : `${t.speaker}: ${t.text}`)).join('\n') + '\n';
}

export function toOtter(turns: Turn[]): string {
  return turns
    .map((t) => {
      const s = Math.floor(t.start ?? 0);
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const ss = String(s % 60).padStart(2, '0');
      // Otter: m:ss, and h:mm:ss past the first hour
      const ts = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
      return `${t.speaker}  ${ts}\n${t.text}\n`;
    })
    .join('\n');
}

function csvCell(s: string, delim: string): string {
  return /[",\n\r]/.test(s) || s.includes(delim) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(turns: Turn[], delim: ',' | '\t' = ','): string {
  const rows = turns.map((t) => [t.speaker, t.text, t.start ?? '', t.end ?? ''].map((c) => csvCell(String(c), delim)).join(delim));
  return ['speaker', 'text', 'start', 'end'].join(delim) + '\n' + rows.join('\n') + '\n';
}

export function toJson(turns: Turn[]): string {
  return JSON.stringify({ segments: turns.map((t) => ({ start: t.start, end: t.end, text: ` ${t.text}`, speaker: t.speaker })) });
}

export function toChat(turns: Turn[], codes: Record<string, string>): string {
  const parts = Object.entries(codes).map(([name, code]) => `${code} ${name.replace(/ /g, '_')} Participant`);
  const lines = turns.map((t) => {
    const b = t.start !== undefined && t.end !== undefined ? ` \u0015${Math.round(t.start * 1000)}_${Math.round(t.end * 1000)}\u0015` : '';
    return `*${codes[t.speaker]}:\t${t.text}${b}`;
  });
  return `@UTF8\n@Begin\n@Languages:\teng\n@Participants:\t${parts.join(', ')}\n${lines.join('\n')}\n@End\n`;
}
