/** Who a speaker is in the mentoring dyad. `other` = support person, staff, parent: kept and shown, excluded from dyad metrics. */
export type Role = 'mentor' | 'mentee' | 'other';

/** One speaker turn as parsed from a transcript file. Times are seconds from the start of the recording. */
export interface Turn {
  index: number;
  speaker: string;
  text: string;
  start?: number;
  end?: number;
  /** Text before cleaning (CHAT markup etc.), only when it differs from `text`. */
  raw?: string;
}

export type TranscriptStatus = 'queued' | 'processing' | 'done' | 'failed';
