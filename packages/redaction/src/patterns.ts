/**
 * Pattern detectors for the structured PII types: e-mail, phone, street address, date of birth. Each returns spans in
 * the original text; `redact` merges them with the name detector's spans.
 */
import type { PiiType } from './types.js';

export interface Span {
  type: PiiType;
  start: number;
  end: number;
}

function all(re: RegExp, text: string, type: PiiType, out: Span[], group = 0): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const g = m[group];
    if (g === undefined || g.length === 0) {
      if (m[0].length === 0) re.lastIndex++;
      continue;
    }
    const start = m.index + (group === 0 ? 0 : m[0].indexOf(g));
    out.push({ type, start, end: start + g.length });
    if (m[0].length === 0) re.lastIndex++;
  }
}

// ---------------------------------------------------------------------------------------------------------- e-mail
// Found from each "@": the local part is read backwards, the domain forwards (a scan from every letter is slow).
const EMAIL_LOCAL = /[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}$/;
const EMAIL_DOMAIN = /[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b/y;
// Dictated: "maria dot lopez at gmail dot com", "jay99 at yahoo.com"
// Dictated: "maria dot lopez at gmail dot com", "jay99 at yahoo.com". Found from the domain end, then the local part
// is read backwards (a leading word-by-word scan over all text would be slow).
const SPOKEN_DOMAIN = /\s+at\s+[A-Za-z0-9-]+(?:\s+dot\s+|\.)(?:com|org|net|edu|gov|co|us|uk|ca|io|info|me)\b/gi;
const SPOKEN_LOCAL = /[A-Za-z0-9][A-Za-z0-9._-]*(?:\s+(?:dot|underscore)\s+[A-Za-z0-9]+)*$/i;

export function findEmails(text: string, out: Span[]): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const local = EMAIL_LOCAL.exec(text.slice(Math.max(0, at - 64), at));
    if (!local) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text);
    if (!domain) continue;
    out.push({ type: 'EMAIL', start: at - local[0].length, end: at + 1 + domain[0].length });
  }
  SPOKEN_DOMAIN.lastIndex = 0;
  for (let m = SPOKEN_DOMAIN.exec(text); m; m = SPOKEN_DOMAIN.exec(text)) {
    const head = text.slice(Math.max(0, m.index - 80), m.index);
    const local = SPOKEN_LOCAL.exec(head);
    if (!local) continue;
    const start = m.index - local[0].length;
    if (start > 0 && /[A-Za-z0-9]/.test(text[start - 1]!)) continue;
    // "look at gmail dot com" is not an address: the local part must not be a common word.
    if (SPOKEN_LOCAL_STOP.has(local[0].split(/\s+/)[0]!.toLowerCase())) continue;
    out.push({ type: 'EMAIL', start, end: m.index + m[0].length });
  }
}
const SPOKEN_LOCAL_STOP = new Set(['look', 'it', 'me', 'us', 'them', 'him', 'her', 'that', 'this', 'is', 'was', 'are', 'be', 'or', 'and', 'email', 'e-mail', 'mail', 'me', 'out', 'up', 'go', 'logged', 'log', 'sign', 'signed']);

// ----------------------------------------------------------------------------------------------------------- phone
const DIGIT_WORD = '(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|double\\s+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine))';
const PHONE_PATTERNS: RegExp[] = [
  // +1 (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567, (555)123-4567, 1-800-555-0199
  /(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\d)/g,
  // 5551234567 (ten digits run together)
  /(?<![\w.])\d{10}(?!\w|\.\d)/g,
  // International: +44 20 7946 0958, +49 30 901820, +91 98765 43210, 0044 ...
  /(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,5}\)?){2,5}(?!\d)/g,
  // UK-style national: 07700 900123, 020 7946 0958
  /(?<![\w])0\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}(?!\d)/g,
  // Local seven digits: 555-1234 / 555 1234 (not a time, not a year range)
  /(?<![\w:/.-])\d{3}-\d{4}(?![\w-])/g,
];
const SPOKEN_PHONE = new RegExp(`\\b${DIGIT_WORD}(?:[\\s,.-]+${DIGIT_WORD}){6,14}\\b`, 'gi');
const PHONE_CONTEXT = /\b(?:call|text|phone|number|cell|mobile|reach|dial|digits)\b/i;
// Spoken digits mixed with numerals: "five five five, 123, 4567" is covered by numerals; "my number is 555 1234"
const LOCAL_WITH_CONTEXT = /\b(?:number|phone|cell|call|text)\b[^.?!\n]{0,20}?(?<![\w:/.-])(\d{3}[\s.]\d{4})(?![\w-])/gi;

export function findPhones(text: string, out: Span[]): void {
  for (const re of PHONE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const digits = m[0].replace(/\D/g, '').length;
      if (digits < 7 || digits > 15) continue;
      // 2019-2024 style ranges and ISO dates are not phones
      if (/^\d{4}-\d{2}-\d{2}$/.test(m[0])) continue;
      out.push({ type: 'PHONE', start: m.index, end: m.index + m[0].length });
    }
  }
  SPOKEN_PHONE.lastIndex = 0;
  for (let m = SPOKEN_PHONE.exec(text); m; m = SPOKEN_PHONE.exec(text)) {
    const words = m[0].toLowerCase().split(/[\s,.-]+/).filter(Boolean);
    // "o"/"oh"/"one" alone are ordinary words: demand mostly unambiguous digit words, or a phone cue nearby.
    const strong = words.filter((w) => !['o', 'oh', 'one', 'double'].includes(w)).length;
    const near = text.slice(Math.max(0, m.index - 40), m.index);
    if (strong >= 5 || PHONE_CONTEXT.test(near)) out.push({ type: 'PHONE', start: m.index, end: m.index + m[0].length });
  }
  all(LOCAL_WITH_CONTEXT, text, 'PHONE', out, 1);
}

// ---------------------------------------------------------------------------------------------------------- address
const SUFFIX =
  '(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Crescent|Close|Row|Alley|Plaza|Loop|Pike|Grove|Gardens|Heights|Hill|Walk|Mews)';
const DIRECTION = '(?:(?:N|S|E|W|NE|NW|SE|SW)\\.?|North|South|East|West|Northeast|Northwest|Southeast|Southwest)';
const UNIT = '(?:,?\\s*(?:Apt|Apartment|Unit|Suite|Ste|Flat|Room|Rm|#)\\.?\\s*#?\\s*[A-Za-z0-9-]{1,6}\\b)';
const CITY_STATE_ZIP = "(?:,\\s*[A-Z][a-z]+(?:\\s[A-Z][a-z]+){0,2},?\\s+(?:[A-Z]{2}|[A-Z][a-z]+)\\s+\\d{5}(?:-\\d{4})?)";
// Street name words: capitalised (Maple, MLK, 5th, O'Neil) or, in lower-case speech, any word not a function word.
const NAME_WORD = "(?:[A-Z][A-Za-z'’.-]*|\\d{1,3}(?:st|nd|rd|th)|[a-z][a-z'’-]+)";
const STREET = new RegExp(
  `(?<![\\w$.,/:-])\\d{1,6}[A-Za-z]?(?:\\s*-\\s*\\d{1,4})?\\s+(?:${DIRECTION}\\s+)?((?:${NAME_WORD}\\s+){1,3})${SUFFIX}\\b\\.?(?:\\s+${DIRECTION}\\b\\.?)?${UNIT}?${CITY_STATE_ZIP}?`,
  'gi',
);
const NOT_STREET_WORD = new Set(
  'a an the of to in on at for and or but with from by into onto my your his her our their its this that these those some any all more most few many much very just only also then than so too big small little old new first last next other same different other times minutes hours days weeks months years dollars bucks kids people friends cars dogs cats miles blocks stops houses pages points games of is was are were be been have has had do did will would can could should may might must i you he she we they it me him us them who what where when why how not no yes ok okay'.split(
    ' ',
  ),
);
// Lower-case suffix words that are ordinary nouns/verbs: only count when the street words are capitalised.
const WEAK_SUFFIX = /^(?:drive|dr|way|place|pl|court|ct|close|row|walk|square|loop|hill|grove|gardens|heights|plaza|circle|st|pike|trail|mews|crescent|terrace|ter|sq|cir|trl|av)$/i;
const STRONG_SUFFIX = /^(?:street|avenue|ave|road|rd|lane|ln|boulevard|blvd|parkway|highway)$/i;
const PO_BOX = /\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box)\s+#?\d{1,8}\b/gi;

export function findAddresses(text: string, out: Span[]): void {
  STREET.lastIndex = 0;
  for (let m = STREET.exec(text); m; m = STREET.exec(text)) {
    const words = (m[1] ?? '').trim().split(/\s+/);
    const lower = words.map((w) => w.toLowerCase());
    const suffixWord = m[0].slice(m[0].indexOf(m[1]!) + m[1]!.length).match(/^[A-Za-z]+/)?.[0] ?? '';
    if (lower.some((w) => NOT_STREET_WORD.has(w))) {
      STREET.lastIndex = m.index + 1;
      continue;
    }
    // Lower-case speech ("12 maple street") counts only with an unambiguous suffix; "2 cars to drive" does not.
    const capitalised = words.every((w) => /^[A-Z0-9]/.test(w)) && /^[A-Z]/.test(suffixWord);
    if (!capitalised && (WEAK_SUFFIX.test(suffixWord) || !STRONG_SUFFIX.test(suffixWord))) {
      STREET.lastIndex = m.index + 1;
      continue;
    }
    out.push({ type: 'ADDRESS', start: m.index, end: m.index + m[0].replace(/[\s,]+$/, '').length });
  }
  all(PO_BOX, text, 'ADDRESS', out);
}

// ------------------------------------------------------------------------------------------------- date of birth
const MONTH =
  '(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?)(?![a-z])';
const ORD = '(?:\\d{1,2}(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[- ]first)';
const YEAR = "(?:(?:19|20)\\d{2}|'\\d{2})";
const DATE =
  `(?:${MONTH}\\s+(?:the\\s+)?${ORD}(?:,?\\s+${YEAR})?` + // March 3rd, 2005 / March the third
  `|(?:the\\s+)?${ORD}\\s+(?:of\\s+)?${MONTH}(?:,?\\s+${YEAR})?` + // the 3rd of March 2005
  `|\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})` + // 03/14/2005, 3-14-05
  `|(?:19|20)\\d{2}-\\d{2}-\\d{2}` + // 2005-03-14
  `|${MONTH}\\s+${YEAR})`; // March 2005 (with DOB context only)
const DOB_CUE =
  "(?:\\bborn\\s+(?:on\\s+|in\\s+)?|\\bbirthday(?:\\s+is|\\s+was|'s|’s)\\s+(?:on\\s+)?|\\bbirthday\\s+on\\s+|\\bbirthday,?\\s+|\\bD\\.?O\\.?B\\.?\\s*(?:is|:|-)?\\s*|\\bdate\\s+of\\s+birth\\s*(?:is|:|-)?\\s*|\\bbirth\\s*date\\s*(?:is|:|-)?\\s*|\\bbirthdate\\s*(?:is|:|-)?\\s*)";
const DOB = new RegExp(`${DOB_CUE}[,:]?\\s*(?:it's\\s+|it\\s+is\\s+)?(${DATE})`, 'gi');

export function findDatesOfBirth(text: string, out: Span[]): void {
  all(DOB, text, 'DOB', out, 1);
}
