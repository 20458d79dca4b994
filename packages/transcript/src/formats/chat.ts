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
 * read or skipped. The cleaned text goes to `text`, the original to `raw`.
 */
export function parseChat(text: string, b: TurnBuilder): void {
  const r = new LineReader(text);
  const byCode = new Map<string, Participant>();
  let inMain = false; // continuation lines belong to a main tier
  let inHeaderParticipants = false;
  let participantsValue = '';
  let participantsLine = 0;
  let cur: { code: string; raw: string; line: number } | undefined;
  let sawAnything = false;

  const declareParticipants = () => {
    if (!participantsValue) return;
    for (const p of parseParticipants(participantsValue, participantsLine)) {
      byCode.set(p.code, p);
    }
    participantsValue = '';
  };
  const flush = () => {
    if (!cur) return;
    let p = byCode.get(cur.code);
    if (!p) {
      p = { code: cur.code, name: cur.code };
      byCode.set(cur.code, p);
      b.warnings.push(`line ${cur.line}: speaker code ${cur.code} is not in @Participants`);
    }
    const name = b.declare(p.name, { label: p.label, code: p.code });
    const times = bullet(cur.raw);
    const raw = cur.raw.replace(/\s*\u0015[^\u0015]*\u0015?/g, ' ').replace(/\s+/g, ' ').trim();
    const cleaned = cleanChat(cur.raw);
    b.add({ speaker: name, text: cleaned, raw, start: times?.[0], end: times?.[1] }, cur.line);
    cur = undefined;
  };

  for (let line = r.next(); line !== null; line = r.next()) {
    if (line.trim() === '') continue;
    const c = line[0];
    if (c === '\t' || (c === ' ' && (inMain || inHeaderParticipants))) {
      if (inHeaderParticipants) participantsValue += ' ' + line.trim();
      else if (inMain && cur) cur.raw += ' ' + line.trim();
      continue;
    }
    if (inHeaderParticipants) {
      declareParticipants();
      inHeaderParticipants = false;
    }
    if (c === '@') {
      flush();
      inMain = false;
      sawAnything = true;
      const colon = line.indexOf(':');
      const head = (colon < 0 ? line : line.slice(0, colon)).trim().toLowerCase();
      const value = colon < 0 ? '' : line.slice(colon + 1).trim();
      if (head === '@participants') {
        inHeaderParticipants = true;
        participantsValue = value;
        participantsLine = r.lineNo;
      } else if (head === '@id') {
        // lang|corpus|code|age|sex|group|SES|role|education|custom|
        const f = value.split('|');
        const code = f[2]?.trim();
        const role = f[7]?.trim().toLowerCase();
        const p = code ? byCode.get(code) : undefined;
        if (p && !p.label && role) {
          const label = CHAT_ROLE_LABEL[role];
          if (label) p.label = label;
        }
      }
      continue;
    }
    if (c === '*') {
      flush();
      sawAnything = true;
      const colon = line.indexOf(':');
      const code = colon > 1 ? line.slice(1, colon) : '';
      if (!/^[A-Za-z0-9_]{1,8}$/.test(code)) {
        throw new TranscriptParseError({ format: 'cha', line: r.lineNo, expected: 'a main line "*CODE:<tab>text" with a speaker code of 1–8 letters', found: found(line) });
      }
      cur = { code, raw: line.slice(colon + 1).trim(), line: r.lineNo };
      inMain = true;
      continue;
    }
    if (c === '%') {
      flush();
      inMain = false;
      continue;
    }
    throw new TranscriptParseError({ format: 'cha', line: r.lineNo, expected: CHA_EXPECTED_MAIN, found: found(line) });
  }
  if (inHeaderParticipants) declareParticipants();
  flush();
  if (b.turns.length === 0) {
    throw new TranscriptParseError({
      format: 'cha',
      line: r.lineNo || 1,
      expected: 'main lines "*CODE:<tab>text" with the utterances',
      found: sawAnything ? 'headers only' : 'nothing',
      reason: 'no-speakers',
    });
  }
}
