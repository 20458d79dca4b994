import type { Role } from '@dyadic/domain';
import { RoleMappingError } from './errors.js';
import { baseKey, speakerKey } from './speakers.js';
import type { SpeakerInfo } from './types.js';

export interface AssignRolesOptions {
  /** Upload field: the mentor's name as it appears in the transcript (variants such as case or "Sam" for "Sam Lee" are matched). */
  mentor?: string | undefined;
  mentee?: string | undefined;
  /** The dyad's remembered mapping, keyed by `speakerKey`. */
  known?: Record<string, Role> | undefined;
}

function listed(speakers: SpeakerInfo[]): string {
  return speakers.length ? speakers.map((s) => `"${s.name}"`).join(', ') : 'none';
}

/** Find the speaker a field names: exact key, then name without role words, then a unique first-name/prefix match. */
function resolve(field: string, speakers: SpeakerInfo[]): SpeakerInfo | undefined {
  const k = speakerKey(field);
  if (!k) return undefined;
  const exact = speakers.filter((s) => speakerKey(s.name) === k);
  if (exact.length === 1) return exact[0];
  const base = speakers.filter((s) => baseKey(s.name) === k || baseKey(s.name) === baseKey(field));
  if (base.length === 1) return base[0];
  const prefix = speakers.filter((s) => {
    const b = baseKey(s.name);
    return b.startsWith(k + ' ') || k.startsWith(b + ' ');
  });
  if (prefix.length === 1) return prefix[0];
  return undefined;
}

/**
 * Map every speaker to mentor, mentee or other. Priority: explicit fields > the dyad's known mapping > labels
 * in the file ("Mentor:", "Sam (mentee)", CHAT roles, "Mom:" → other). When one of mentor/mentee is settled
 * and exactly one speaker is left that is not a support person, that speaker takes the other role
 * (e.g. "Mentor", "Jo", "Mom" → Jo is the mentee). Everyone else is `other`. Exactly one mentor and one
 * mentee must result, otherwise a RoleMappingError lists the speakers found and asks for the fields.
 */
export function assignRoles(parsed: { speakers: SpeakerInfo[] }, opts: AssignRolesOptions = {}): Record<string, Role> {
  // one entry per key (the parser already unifies variants, but callers may pass their own lists)
  const seen = new Set<string>();
  const speakers = parsed.speakers.filter((s) => {
    const k = speakerKey(s.name);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const names = speakers.map((s) => s.name);
  const ask = 'Send the "mentor" and "mentee" fields with one speaker name each.';

  const explicit: Partial<Record<'mentor' | 'mentee', SpeakerInfo>> = {};
  for (const role of ['mentor', 'mentee'] as const) {
    const field = opts[role];
    if (field === undefined || field.trim() === '') continue;
    const sp = resolve(field, speakers);
    if (!sp) throw new RoleMappingError(`The ${role} "${field.trim()}" is not a speaker in this transcript. Speakers found: ${listed(speakers)}.`, names);
    explicit[role] = sp;
  }
  if (explicit.mentor && explicit.mentor === explicit.mentee) {
    throw new RoleMappingError(`"${explicit.mentor.name}" cannot be both mentor and mentee. Speakers found: ${listed(speakers)}.`, names);
  }

  const known = new Map<string, Role>();
  for (const [k, v] of Object.entries(opts.known ?? {})) known.set(speakerKey(k), v);
  const knownRole = (s: SpeakerInfo): Role | undefined => known.get(speakerKey(s.name)) ?? known.get(baseKey(s.name));

  const taken = new Set<SpeakerInfo>([explicit.mentor, explicit.mentee].filter((s): s is SpeakerInfo => !!s));
  const pick = (role: 'mentor' | 'mentee'): SpeakerInfo | undefined => {
    if (explicit[role]) return explicit[role];
    const free = speakers.filter((s) => !taken.has(s));
    const byKnown = free.filter((s) => knownRole(s) === role);
    if (byKnown.length === 1) return byKnown[0];
    if (byKnown.length > 1) return undefined;
    const byLabel = free.filter((s) => knownRole(s) === undefined && s.label === role);
    if (byLabel.length === 1) return byLabel[0];
    return undefined;
  };
  let mentor = pick('mentor');
  if (mentor) taken.add(mentor);
  let mentee = pick('mentee');
  if (mentee) taken.add(mentee);

  // elimination: one role settled, exactly one non-support speaker left
  const isOther = (s: SpeakerInfo) => (knownRole(s) ?? s.label) === 'other';
  if (!mentor !== !mentee) {
    const left = speakers.filter((s) => !taken.has(s) && !isOther(s) && knownRole(s) === undefined && s.label === undefined);
    const leftAll = speakers.filter((s) => !taken.has(s) && !isOther(s));
    const cand = leftAll.length === 1 ? leftAll : left.length === 1 ? left : [];
    if (cand.length === 1) {
      if (mentor) mentee = cand[0];
      else mentor = cand[0];
    }
  }
  if (!mentor || !mentee) {
    const missing = !mentor && !mentee ? 'who is the mentor and who is the mentee' : !mentor ? 'who is the mentor' : 'who is the mentee';
    throw new RoleMappingError(`Cannot tell ${missing}. Speakers found: ${listed(speakers)}. ${ask}`, names);
  }
  const out: Record<string, Role> = {};
  for (const s of parsed.speakers) {
    const k = speakerKey(s.name);
    out[s.name] = k === speakerKey(mentor.name) ? 'mentor' : k === speakerKey(mentee.name) ? 'mentee' : 'other';
  }
  return out;
}

/**
 * What a dyad should remember after a session: the role of every speaker, keyed by `speakerKey`, ready to be
 * passed back as `known` for the next session (so "Maya Lopez" / "maya lopez " need no fields next time).
 */
export function knownFromRoles(roles: Record<string, Role>): Record<string, Role> {
  const out: Record<string, Role> = {};
  for (const [name, role] of Object.entries(roles)) out[speakerKey(name)] = role;
  return out;
}
