import type { Role } from '@dyadic/domain';

/** Trim, collapse inner whitespace, NFC. The form a speaker name is shown in. */
export function displayName(name: string): string {
  let s = name.normalize('NFC').trim();
  if (/\s\s|[\t\u00a0]/.test(s)) s = s.replace(/\s+/g, ' ');
  return s;
}

/**
 * Canonical key for matching speaker name variants: NFC, trimmed, spaces collapsed, case-folded,
 * surrounding brackets/colons dropped. Diariser labels are unified on their number:
 * `SPEAKER_00`, `Speaker 0`, `speaker-0`, `spk_0`, `spk0` → `speaker 0` (leading zeros dropped).
 * Zero-based (pyannote/WhisperX) and one-based (Otter "Speaker 1") labels are NOT shifted onto each other:
 * they come from different tools and no mapping between them is safe.
 */
export function speakerKey(name: string): string {
  const hit = keyCache.get(name);
  if (hit !== undefined) return hit;
  const k = computeKey(name);
  if (keyCache.size >= CACHE_MAX) keyCache.clear();
  keyCache.set(name, k);
  return k;
}

// speaker names repeat on every line: memoise the pure name functions (bounded, cleared when full)
const CACHE_MAX = 4096;
const keyCache = new Map<string, string>();
const labelCache = new Map<string, Role | null>();

function computeKey(name: string): string {
  let s = name.normalize('NFC').toLowerCase().trim();
  // drop wrapping brackets and a trailing colon: "[Sam]", "Sam:"
  s = s.replace(/^[[(<]+/, '').replace(/[\])>:]+$/, '').trim();
  s = s.replace(/[\s\u00a0]+/g, ' ');
  const m = /^(?:speaker|spk|spkr)[ _-]?(\d{1,6}|[a-z])$/.exec(s);
  if (m) {
    const id = m[1]!;
    return `speaker ${/^\d+$/.test(id) ? String(Number(id)) : id}`;
  }
  return s;
}

const MENTOR_WORDS = new Set(['mentor', 'peer mentor', 'peer-mentor', 'mentora', 'mentor1']);
const MENTEE_WORDS = new Set(['mentee', 'youth', 'protege', 'protégé', 'mentee1']);
const OTHER_WORDS = new Set([
  'parent', 'mom', 'mum', 'mommy', 'mother', 'dad', 'daddy', 'father', 'guardian', 'caregiver', 'carer', 'caretaker',
  'grandma', 'grandmother', 'grandpa', 'grandfather', 'aunt', 'uncle',
  'staff', 'support', 'aide', 'assistant', 'coordinator', 'interpreter', 'facilitator', 'researcher', 'interviewer',
  'teacher', 'therapist', 'coach', 'observer', 'moderator', 'host',
]);

function words(key: string): string[] {
  return key.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/**
 * Role implied by a speaker's name: "Mentor", "Peer mentor", "Mentor (Sam)", "Sam (mentor)", "Mentee", "Youth",
 * "Mom", "Support person", "Staff - Lee", "Job coach". Undefined when the name says nothing about the role
 * or says two conflicting things ("Mentor's mom" → other: support words win over mentor/mentee).
 */
export function labelFromName(name: string): Role | undefined {
  const hit = labelCache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const l = computeLabel(name);
  if (labelCache.size >= CACHE_MAX) labelCache.clear();
  labelCache.set(name, l ?? null);
  return l;
}

function computeLabel(name: string): Role | undefined {
  const key = speakerKey(name);
  const ws = words(key);
  let mentor = false;
  let mentee = false;
  let other = false;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (MENTOR_WORDS.has(w)) mentor = true;
    else if (MENTEE_WORDS.has(w)) mentee = true;
    else if (OTHER_WORDS.has(w)) other = true;
    else if (w === 'job' && ws[i + 1] === 'coach') other = true;
  }
  // "mentor's mom", "youth worker", "mentee's dad" → a support person
  if (other) return 'other';
  if (ws.includes('worker') || ws.includes('leader')) return mentor || mentee ? 'other' : undefined;
  if (mentor && !mentee) return 'mentor';
  if (mentee && !mentor) return 'mentee';
  return undefined;
}

/** The name without role words and brackets, for matching "Sam" against "Sam (mentor)" or "Mentor (Sam)". */
export function baseKey(name: string): string {
  const key = speakerKey(name);
  const inner = /\(([^()]*)\)/.exec(key);
  const outside = key.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const isRole = (s: string) => {
    const ws = words(s);
    return ws.length > 0 && ws.every((w) => MENTOR_WORDS.has(w) || MENTEE_WORDS.has(w) || OTHER_WORDS.has(w) || w === 'peer' || w === 'person');
  };
  if (inner && isRole(outside)) return inner[1]!.trim();
  if (inner && isRole(inner[1]!)) return outside;
  return key;
}
