import type { Role, Turn } from '@dyadic/domain';

export type Format = 'txt' | 'vtt' | 'srt' | 'csv' | 'tsv' | 'json' | 'docx' | 'cha';
export const FORMATS: readonly Format[] = ['txt', 'vtt', 'srt', 'csv', 'tsv', 'json', 'docx', 'cha'];

export interface SpeakerInfo {
  /** As it appears in the turns (trimmed, spaces collapsed, NFC). */
  name: string;
  /** Role implied by the file itself: "Mentor:", "Sam (mentee)", CHAT role Target_Child, "Mom:" → other. */
  label?: Role;
  /** CHAT speaker code (CHI, MEN…). */
  code?: string;
}

export interface ParsedTranscript {
  format: Format;
  encoding: string;
  turns: Turn[];
  speakers: SpeakerInfo[];
  warnings: string[];
}

export interface ParseOptions {
  filename?: string;
  format?: Format | 'auto';
  /** Refuse inputs larger than this (default 64 MB). */
  maxBytes?: number;
  /** Refuse transcripts with more turns than this after merging (default 200 000). */
  maxTurns?: number;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_TURNS = 200_000;
