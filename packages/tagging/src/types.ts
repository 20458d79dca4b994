/**
 * The tagger's public contract (codebook §3–§5). The worker, the CLI, the API, the metrics package and the
 * evaluation harness all depend on these shapes; change them only together with those callers.
 */

export type Speaker = 'mentor' | 'mentee' | 'other';

export type TagName = 'selfDisclosure' | 'emotion' | 'advice' | 'reciprocatedDisclosure';
export const TAG_NAMES: readonly TagName[] = ['selfDisclosure', 'emotion', 'advice', 'reciprocatedDisclosure'];

/** One utterance (speaker turn) of a conversation, in turn order. */
export interface UtteranceInput {
  /** Position in the conversation (0- or 1-based, as the caller numbers them; echoed back). */
  turn: number;
  speaker: Speaker;
  text: string;
  /** Seconds from the start of the recording, when known (used for the reciprocation time limit). */
  start?: number;
  end?: number;
}

/** A character span of `text` that made a tag fire, with the codebook rule id. */
export interface Evidence {
  tag: TagName | 'mentorResponse';
  start: number;
  end: number;
  rule: string;
}

export type Valence = 'positive' | 'negative' | 'neutral';

export interface EmotionTerm {
  term: string;
  category: string;
  valence: Valence;
  negated: boolean;
  start: number;
  end: number;
}

export type AdviceForm =
  | 'imperative'
  | 'modal'
  | 'question_suggestion'
  | 'first_person_hypothetical'
  | 'conditional'
  | 'implicit_narrative';

export type TopicMatch = 'explicit_link' | 'same_topic' | 'none';

export interface Reciprocation {
  /** `turn` of the other speaker's disclosure this utterance answers. */
  turn: number;
  /** How many of the other speaker's turns back that disclosure is (1 = the latest). */
  lagTurns: number;
  topicMatch: TopicMatch;
  /** Emotion answered with emotion, fact with fact. */
  matchesType: boolean;
}

/** Codebook §5, in priority order. */
export type MentorResponse =
  | 'reciprocated_disclosure'
  | 'advice'
  | 'question_followup'
  | 'empathy_validation'
  | 'acknowledgement_only'
  | 'topic_change'
  | 'script_move'
  | 'no_response';

export interface MentorResponseDetail {
  /** Primary category (priority order of §5). */
  primary: MentorResponse;
  /** `turn` of the mentor turn classified, absent for no_response. */
  turn?: number;
  /** True when that turn was also advice / also a reciprocation (multi-label for the rates). */
  advice: boolean;
  reciprocated: boolean;
  looseReciprocated: boolean;
}

export interface TagDetail {
  sdType?: 'fact' | 'emotion';
  sdDepth?: 'low' | 'high';
  emotionTerms: EmotionTerm[];
  adviceForm?: AdviceForm;
  reciprocates?: Reciprocation;
  /** A self-disclosure with another-speaker disclosure in the window but no topic match (§4.4). */
  looseReciprocation: boolean;
  backchannel: boolean;
  scripted: boolean;
  /** Only on mentee self-disclosures: how the mentor answered (§5). */
  mentorResponse?: MentorResponseDetail;
}

export interface TaggedUtterance {
  turn: number;
  speaker: Speaker;
  text: string;
  start?: number;
  end?: number;
  tags: Record<TagName, boolean>;
  detail: TagDetail;
  evidence: Evidence[];
  codebookVersion: string;
}
