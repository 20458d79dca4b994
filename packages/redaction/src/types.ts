export type PiiType = 'NAME' | 'PHONE' | 'EMAIL' | 'ADDRESS' | 'DOB';

export const PII_TYPES: readonly PiiType[] = ['NAME', 'PHONE', 'EMAIL', 'ADDRESS', 'DOB'];

export interface Replacement {
  type: PiiType;
  /** Offsets in the original text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  placeholder: string;
}

export interface RedactOptions {
  /** The dyad's own speaker names (mentor, mentee): never redacted, nor their parts, variants and possessives. */
  keepNames: string[];
  /** Other names always redacted wherever they occur (e.g. other speakers in the file). */
  knownNames?: string[];
  /** Placeholder per type; default `[NAME]`, `[PHONE]`, `[EMAIL]`, `[ADDRESS]`, `[DOB]`. */
  placeholders?: Partial<Record<PiiType, string>>;
}

export interface RedactResult {
  text: string;
  replacements: Replacement[];
}
