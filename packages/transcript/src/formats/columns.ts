/** Column / field name synonyms shared by CSV/TSV headers and JSON objects. Matching ignores case, spaces, `_`, `-`. */
export type Field = 'speaker' | 'text' | 'start' | 'end';

const SYNONYMS: Record<Field, string[]> = {
  speaker: ['speaker', 'speakername', 'speakerlabel', 'speakerid', 'name', 'participant', 'participantname', 'person', 'who', 'spk', 'talker', 'role', 'from', 'author', 'voice'],
  text: ['text', 'utterance', 'utterancetext', 'content', 'transcript', 'transcription', 'message', 'words', 'sentence', 'speech', 'dialogue', 'dialog', 'line', 'turn', 'turntext', 'caption', 'body'],
  start: ['start', 'starttime', 'startsec', 'startsecs', 'startseconds', 'startts', 'begin', 'begintime', 'timestamp', 'time', 'timestart', 'starttimestamp', 'startms', 'starttimems', 'startoffset', 'offset', 'tstart', 'in'],
  end: ['end', 'endtime', 'endsec', 'endsecs', 'endseconds', 'endts', 'stop', 'stoptime', 'timeend', 'endtimestamp', 'endms', 'endtimems', 'endoffset', 'tend', 'out'],
};

const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(SYNONYMS) as [Field, string[]][]) for (const n of names) LOOKUP.set(n, field);

export function normaliseHeader(h: string): { norm: string; ms: boolean } {
  const lower = h.normalize('NFC').trim().toLowerCase();
  const ms = /\bms\b|millis|\(ms\)|_ms$|ms$/.test(lower) && !/\bsec/.test(lower);
  const noUnit = lower.replace(/\((?:s|sec|secs|seconds|ms|milliseconds|hh:mm:ss)\)/g, '');
  return { norm: noUnit.replace(/[^\p{L}\p{N}]+/gu, ''), ms };
}

export function fieldOf(h: string): { field: Field; ms: boolean } | undefined {
  const { norm, ms } = normaliseHeader(h);
  const f = LOOKUP.get(norm);
  return f ? { field: f, ms } : undefined;
}

export const TEXT_COLUMN_NAMES = 'text, utterance, content, transcript, message, speech';
export const SPEAKER_COLUMN_NAMES = 'speaker, participant, name, person, who';

/** Pick columns: first match per field; `speaker` over `role`/`name` when both exist. */
export function mapColumns(headers: string[]): Partial<Record<Field, { index: number; ms: boolean }>> {
  const out: Partial<Record<Field, { index: number; ms: boolean }>> = {};
  const rank = (field: Field, h: string) => SYNONYMS[field].indexOf(normaliseHeader(h).norm);
  headers.forEach((h, index) => {
    const f = fieldOf(h);
    if (!f) return;
    const prev = out[f.field];
    if (!prev || rank(f.field, h) < rank(f.field, headers[prev.index]!)) out[f.field] = { index, ms: f.ms };
  });
  return out;
}
