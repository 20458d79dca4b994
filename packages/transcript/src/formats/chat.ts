import type { Role } from '@dyadic/domain';
import type { TurnBuilder } from '../builder.js';
import { TranscriptParseError, found } from '../errors.js';
import { LineReader } from '../lines.js';
import { labelFromName } from '../speakers.js';
import { round3 } from '../time.js';

/**
 * CHAT roles → dyad labels. CHAT has no mentor role: a participant is labelled mentor only when its role or
 * name says so (`MEN Sam Mentor`, `Peer_Mentor`). `Target_Child`, `Target_Adult`, `Child` and a `Mentee` role are
 * the mentee. Family, staff and professional roles are `other`. Everything else (Investigator, Adult,
 * Partner, Participant…) carries no label; `assignRoles` can still settle it by elimination.
 */
const CHAT_ROLE_LABEL: Record<string, Role> = {
  target_child: 'mentee', target_adult: 'mentee', child: 'mentee', mentee: 'mentee', youth: 'mentee',
  mentor: 'mentor', peer_mentor: 'mentor', peermentor: 'mentor',
  mother: 'other', father: 'other', parent: 'other', caretaker: 'other', caregiver: 'other', babysitter: 'other',
  grandmother: 'other', grandfather: 'other', relative: 'other', sibling: 'other', brother: 'other', sister: 'other',
  teacher: 'other', therapist: 'other', clinician: 'other', nurse: 'other', doctor: 'other', observer: 'other',
  camera_operator: 'other', environment: 'other', media: 'other', interpreter: 'other', staff: 'other', aide: 'other',
  unidentified: 'other', uncertain: 'other', non_human: 'other', text: 'other', audience: 'other', housekeeper: 'other',
};

export const CHA_EXPECTED_MAIN = 'a CHAT main line "*CODE:<tab>text", a dependent tier "%xxx:", a header "@…" or a tab continuation line';

interface Participant {
  code: string;
  name: string;
  label?: Role | undefined;
}

function parseParticipants(value: string, line: number): Participant[] {
  const out: Participant[] = [];
  for (const entry of value.split(',')) {
    const ws = entry.trim().split(/\s+/).filter((w) => w);
    if (ws.length === 0) continue;
    const code = ws[0]!;
    if (!/^[A-Za-z0-9_]{1,8}$/.test(code)) {
      throw new TranscriptParseError({ format: 'cha', line, expected: 'participants as "CODE Name Role, CODE Role"', found: found(entry) });
    }
    const role = ws.length > 1 ? ws[ws.length - 1]! : '';
    const nameWords = ws.slice(1, -1);
    const name = nameWords.length > 0 ? nameWords.join(' ').replace(/_/g, ' ') : code;
    const label = CHAT_ROLE_LABEL[role.toLowerCase()] ?? labelFromName(role.replace(/_/g, ' ')) ?? labelFromName(name);
    out.push({ code, name, label });
  }
  return out;
}

/**
 * Clean CHAT markup out of a main-line utterance: time bullets, `[…]` codes (retracing `[/]`, replacements,
 * errors, events), fillers and fragments (`&-um`, `&+fr`, `&=laughs`), unintelligible `xxx`/`yyy`/`www`,
 * omitted `0word`, terminators and linkers (`+...`, `+/.`, `+"`, `++`), pauses `(.)`, scope `<…>`, word
 * suffixes (`@s`, `@f`), lengthening `:` and CA marks. Retraced words themselves are kept (they were said).
 */
const PLAIN_WORD = /^[A-Za-z][a-z']*[.,?!]?$/; // most words: no markup possible (fast path)
const UNINTELLIGIBLE = /^(?:xxx|yyy|www|xx|yy)[.,?!]*$/i;

export function cleanChat(s: string): string {
  // pass 1: drop [...] groups and \u0015 bullets (indexOf scanning, no regex)
  let out = s;
  if (s.includes('[') || s.includes('\u0015')) {
    const parts: string[] = [];
    let i = 0;
    const n = s.length;
    while (i < n) {
      let a = s.indexOf('[', i);
      let bq = s.indexOf('\u0015', i);
      if (a < 0) a = n;
      if (bq < 0) bq = n;
      const at = Math.min(a, bq);
      parts.push(s.slice(i, at));
      if (at >= n) break;
      if (at === bq) {
        const close = s.indexOf('\u0015', at + 1);
        i = close >= 0 ? close + 1 : n;
      } else {
        const close = s.indexOf(']', at + 1);
        if (close >= 0 && close - at < 400) i = close + 1;
        else {
          parts.push('[');
          i = at + 1;
          continue;
        }
      }
      parts.push(' ');
    }
    out = parts.join('');
  }
  const words: string[] = [];
  for (let tok of out.split(/\s+/)) {
    if (!tok) continue;
    if (PLAIN_WORD.test(tok) && !UNINTELLIGIBLE.test(tok)) {
      words.push(tok);
      continue;
    }
    if (tok[0] === '&' || tok[0] === '+' || tok[0] === '#') continue; // fillers, fragments, events, linkers, pauses
    tok = tok.replace(/[<>‹›〔〕↑↓⇗↗→↘⇘∞≋≡∙⌈⌉⌊⌋∆∇⁎⁇°◉▁▔☺♋Ϋ∬Ǝ↫‡„^≠ʔʕ]/g, '');
    if (!tok) continue;
    if (/^\((?:\d*\.)*\d*\.*\)$/.test(tok) || tok === '(.)' || tok === '(..)' || tok === '(...)') continue; // pauses
    if (UNINTELLIGIBLE.test(tok)) continue;
    if (/^0\p{L}/u.test(tok)) continue; // omitted word
    const at = tok.indexOf('@');
    if (at > 0) tok = tok.slice(0, at);
    tok = tok.replace(/[()]/g, ''); // shortenings (be)cause → because
    if (/\p{L}/u.test(tok)) tok = tok.replace(/:/g, '').replace(/_/g, ' ').replace(/(\p{L})\+(\p{L})/gu, '$1 $2');
    if (!tok) continue;
    if (/^[.?!,;]+$/.test(tok)) {
      if (words.length > 0) words[words.length - 1] += tok;
      continue;
    }
    words.push(tok);
  }
  return words.join(' ').replace(/\s+/g, ' ').trim();
}

/** `text \u001512345_15000\u0015` → [12.345, 15] */
function bullet(s: string): [number, number] | undefined {
  const a = s.indexOf('\u0015');
  if (a < 0) return undefined;
  const b = s.indexOf('\u0015', a + 1);
  const inner = s.slice(a + 1, b < 0 ? undefined : b);
  const m = /^(?:[^_]*?)(\d{1,10})_(\d{1,10})$/.exec(inner.length < 200 ? inner : '');
  if (!m) return undefined;
  return [round3(Number(m[1]) / 1000), round3(Number(m[2]) / 1000)];
}

/**
 * CHAT (CHILDES/TalkBank). `@Participants` (and `@ID` roles) give names and roles, `*CODE:` main lines start
 * utterances, tab-indented lines continue the previous tier, `%` dependent tiers are skipped, headers are
 * read or skipped. The cleaned text goes to `text`, the original to `raw`. `line` takes the lines in order (the
 * streaming parser feeds them as they arrive), `finish` ends the text.
 */
export class ChatParser {
  private lineNo = 0;
  private readonly byCode = new Map<string, Participant>();
  private inMain = false; // continuation lines belong to a main tier
  private inHeaderParticipants = false;
  private participantsValue = '';
  private participantsLine = 0;
  private cur: { code: string; raw: string; line: number } | undefined;
  private sawAnything = false;

  constructor(private readonly b: TurnBuilder) {}

  private declareParticipants(): void {
    if (!this.participantsValue) return;
    for (const p of parseParticipants(this.participantsValue, this.participantsLine)) {
      this.byCode.set(p.code, p);
    }
    this.participantsValue = '';
  }

  private flush(): void {
    const cur = this.cur;
    if (!cur) return;
    const b = this.b;
    let p = this.byCode.get(cur.code);
    if (!p) {
      p = { code: cur.code, name: cur.code };
      this.byCode.set(cur.code, p);
      b.warnings.push(`line ${cur.line}: speaker code ${cur.code} is not in @Participants`);
    }
    const name = b.declare(p.name, { label: p.label, code: p.code });
    const times = bullet(cur.raw);
    const raw = cur.raw.replace(/\s*\u0015[^\u0015]*\u0015?/g, ' ').replace(/\s+/g, ' ').trim();
    const cleaned = cleanChat(cur.raw);
    b.add({ speaker: name, text: cleaned, raw, start: times?.[0], end: times?.[1] }, cur.line);
    this.cur = undefined;
  }

  line(line: string): void {
    const lineNo = ++this.lineNo;
    if (line.trim() === '') return;
    const c = line[0];
    if (c === '\t' || (c === ' ' && (this.inMain || this.inHeaderParticipants))) {
      if (this.inHeaderParticipants) this.participantsValue += ' ' + line.trim();
      else if (this.inMain && this.cur) this.cur.raw += ' ' + line.trim();
      return;
    }
    if (this.inHeaderParticipants) {
      this.declareParticipants();
      this.inHeaderParticipants = false;
    }
    if (c === '@') {
      this.flush();
      this.inMain = false;
      this.sawAnything = true;
      const colon = line.indexOf(':');
      const head = (colon < 0 ? line : line.slice(0, colon)).trim().toLowerCase();
      const value = colon < 0 ? '' : line.slice(colon + 1).trim();
      if (head === '@participants') {
        this.inHeaderParticipants = true;
        this.participantsValue = value;
        this.participantsLine = lineNo;
      } else if (head === '@id') {
        // lang|corpus|code|age|sex|group|SES|role|education|custom|
        const f = value.split('|');
        const code = f[2]?.trim();
        const role = f[7]?.trim().toLowerCase();
        const p = code ? this.byCode.get(code) : undefined;
        if (p && !p.label && role) {
          const label = CHAT_ROLE_LABEL[role];
          if (label) p.label = label;
        }
      }
      return;
    }
    if (c === '*') {
      this.flush();
      this.sawAnything = true;
      const colon = line.indexOf(':');
      const code = colon > 1 ? line.slice(1, colon) : '';
      if (!/^[A-Za-z0-9_]{1,8}$/.test(code)) {
        throw new TranscriptParseError({ format: 'cha', line: lineNo, expected: 'a main line "*CODE:<tab>text" with a speaker code of 1–8 letters', found: found(line) });
      }
      this.cur = { code, raw: line.slice(colon + 1).trim(), line: lineNo };
      this.inMain = true;
      return;
    }
    if (c === '%') {
      this.flush();
      this.inMain = false;
      return;
    }
    throw new TranscriptParseError({ format: 'cha', line: lineNo, expected: CHA_EXPECTED_MAIN, found: found(line) });
  }

  finish(): void {
    if (this.inHeaderParticipants) this.declareParticipants();
    this.flush();
    if (this.b.turnCount === 0) {
      throw new TranscriptParseError({
        format: 'cha',
        line: this.lineNo || 1,
        expected: 'main lines "*CODE:<tab>text" with the utterances',
        found: this.sawAnything ? 'headers only' : 'nothing',
        reason: 'no-speakers',
      });
    }
  }
}

export function parseChat(text: string, b: TurnBuilder): void {
  const p = new ChatParser(b);
  const r = new LineReader(text);
  for (let line = r.next(); line !== null; line = r.next()) p.line(line);
  p.finish();
}
