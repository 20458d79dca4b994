/**
 * Test helpers: hand-built tagged utterances and sessions, shaped like the tagger's output contract. Not exported from
 * the package index.
 */
import type { MentorResponse, MentorResponseDetail, Speaker, TaggedUtterance } from '@dyadic/tagging';
import { computeSessionMetrics } from './session.js';
import type { SessionRecord } from './types.js';

export interface UttOpts {
  text?: string;
  /** Self-disclosure of this type. */
  sd?: 'fact' | 'emotion';
  depth?: 'low' | 'high';
  /** Emotion tag; defaults to true for sd 'emotion'. */
  emotion?: boolean;
  advice?: boolean;
  backchannel?: boolean;
  /** Strict reciprocation of the disclosure at `turn`. */
  recip?: { turn: number; matchesType?: boolean };
  loose?: boolean;
  /** Mentor response (mentee disclosures only). */
  response?: Partial<MentorResponseDetail> & { primary: MentorResponse };
}

export function utt(turn: number, speaker: Speaker, o: UttOpts = {}): TaggedUtterance {
  const r = o.response;
  return {
    turn,
    speaker,
    text: o.text ?? `${speaker} turn ${turn}`,
    tags: {
      selfDisclosure: o.sd !== undefined,
      emotion: o.emotion ?? o.sd === 'emotion',
      advice: o.advice ?? false,
      reciprocatedDisclosure: o.recip !== undefined,
    },
    detail: {
      ...(o.sd && { sdType: o.sd }),
      ...(o.depth && { sdDepth: o.depth }),
      emotionTerms: [],
      ...(o.recip && {
        reciprocates: { turn: o.recip.turn, lagTurns: 1, topicMatch: 'same_topic', matchesType: o.recip.matchesType ?? true },
      }),
      looseReciprocation: o.loose ?? false,
      backchannel: o.backchannel ?? false,
      scripted: false,
      ...(r && {
        mentorResponse: { advice: false, reciprocated: false, looseReciprocated: false, ...r },
      }),
    },
    evidence: [],
    codebookVersion: '0.2',
  };
}

export interface SessionSpec {
  /** Mentee disclosures, each followed by one mentor turn. */
  menteeSd: number;
  /** How many of them the mentor reciprocates (the first ones). */
  reciprocated?: number;
  /** How many of the rest the mentor answers with advice. */
  advised?: number;
  /** Extra mentor disclosures that reciprocate nothing. */
  mentorSd?: number;
  /** Extra mentee utterances that disclose nothing. */
  menteeOther?: number;
}

/** A conversation: [mentee disclosure, mentor answer] × menteeSd, then the extra mentor and mentee turns. */
export function buildConversation(spec: SessionSpec): TaggedUtterance[] {
  const rec = spec.reciprocated ?? 0;
  const adv = spec.advised ?? 0;
  const out: TaggedUtterance[] = [];
  let t = 1;
  for (let i = 0; i < spec.menteeSd; i++, t += 2) {
    const reciprocated = i < rec;
    const advice = !reciprocated && i < rec + adv;
    const primary: MentorResponse = reciprocated ? 'reciprocated_disclosure' : advice ? 'advice' : 'question_followup';
    out.push(utt(t, 'mentee', { sd: 'fact', response: { primary, turn: t + 1, advice, reciprocated } }));
    out.push(utt(t + 1, 'mentor', reciprocated ? { sd: 'fact', recip: { turn: t } } : { advice }));
  }
  for (let i = 0; i < (spec.mentorSd ?? 0); i++) out.push(utt(t++, 'mentor', { sd: 'fact' }));
  for (let i = 0; i < (spec.menteeOther ?? 0); i++) out.push(utt(t++, 'mentee'));
  return out;
}

/** A dyad session record from a spec, for the dyad, trend and alert tests. */
export function record(sessionId: string, sessionDate: string, spec: SessionSpec, durationSeconds?: number): SessionRecord {
  const opts = durationSeconds === undefined ? {} : { durationSeconds };
  return { sessionId, sessionDate, metrics: computeSessionMetrics(buildConversation(spec), opts) };
}
