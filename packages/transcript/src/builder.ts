import type { Role, Turn } from '@dyadic/domain';
import { TranscriptParseError } from './errors.js';
import { displayName, labelFromName, speakerKey } from './speakers.js';
import type { Format, SpeakerInfo } from './types.js';

export interface Segment {
  speaker: string;
  text: string;
  start?: number | undefined;
  end?: number | undefined;
  raw?: string | undefined;
}

/**
 * Collects segments into turns: speaker names are unified on `speakerKey` (the first spelling seen is the
 * one shown), consecutive segments of the same speaker merge into one turn (first start, last end, texts
 * joined with a space), and the number of turns is bounded. A finished turn goes to `sink`: by default it is
 * kept in `turns`; the streaming parser passes its own sink and keeps nothing.
 */
export class TurnBuilder {
  readonly turns: Turn[] = [];
  readonly warnings: string[] = [];
  /** The turn being built (more segments of its speaker may follow). */
  private cur: Turn | undefined;
  private count = 0;
  private readonly sink: (t: Turn) => void;
  private readonly byKey = new Map<string, SpeakerInfo>();
  private readonly order: SpeakerInfo[] = [];
  private lastKey: string | undefined;
  private parts: string[] = [];
  private rawParts: string[] = [];
  private hasRaw = false;
  private readonly spoke = new Set<string>();

  constructor(
    readonly format: Format,
    private readonly maxTurns: number,
    sink?: (t: Turn) => void,
  ) {
    this.sink = sink ?? ((t) => this.turns.push(t));
  }

  /** Register a speaker explicitly (CHAT @Participants), with a label or code the name does not carry. */
  declare(name: string, info: { label?: Role | undefined; code?: string | undefined } = {}): string {
    return this.resolve(name, info).name;
  }

  private readonly rawNames = new Map<string, { name: string; key: string }>();

  /** Display name and key for a raw name, memoised (names repeat on every line). */
  private resolve(name: string, info: { label?: Role | undefined; code?: string | undefined } = {}): { name: string; key: string } {
    const hit = this.rawNames.get(name);
    if (hit) return hit;
    const shown = displayName(name);
    const key = speakerKey(shown);
    let sp = this.byKey.get(key);
    if (!sp) {
      sp = { name: shown };
      const label = info.label ?? labelFromName(shown);
      if (label) sp.label = label;
      if (info.code) sp.code = info.code;
      this.byKey.set(key, sp);
      this.order.push(sp);
    }
    const r = { name: sp.name, key };
    if (this.rawNames.size < 10_000) this.rawNames.set(name, r);
    return r;
  }

  get speakerCount(): number {
    return this.order.length;
  }

  /** Turns started so far (finished or not). */
  get turnCount(): number {
    return this.count;
  }

  /** The speaker of the last segment added, for formats where a segment without a speaker continues it. */
  get lastSpeaker(): string | undefined {
    return this.lastKey === undefined ? undefined : this.byKey.get(this.lastKey)?.name;
  }

  add(seg: Segment, line?: number): void {
    const text = seg.text;
    const { name, key } = this.resolve(seg.speaker);
    const last = this.cur;
    if (last && key === this.lastKey) {
      if (text) this.parts.push(text);
      if (seg.raw !== undefined) this.hasRaw = true;
      if (seg.raw || text) this.rawParts.push(seg.raw ?? text);
      if (seg.end !== undefined) last.end = seg.end;
      if (last.start === undefined && seg.start !== undefined) last.start = seg.start;
      return;
    }
    this.flush();
    if (this.count >= this.maxTurns) {
      throw new TranscriptParseError({
        format: this.format,
        line,
        expected: `at most ${this.maxTurns} turns`,
        reason: 'too-many-turns',
        detail: 'the transcript is too long to process in one piece; split it into sessions',
      });
    }
    const turn: Turn = { index: this.count++, speaker: name, text: '' };
    if (seg.start !== undefined) turn.start = seg.start;
    if (seg.end !== undefined) turn.end = seg.end;
    this.cur = turn;
    this.lastKey = key;
    this.spoke.add(key);
    this.parts = text ? [text] : [];
    this.hasRaw = seg.raw !== undefined;
    this.rawParts = seg.raw || text ? [seg.raw ?? text] : [];
  }

  /** Append text to the current turn (continuation lines). */
  append(text: string): boolean {
    if (this.lastKey === undefined) return false;
    if (text) {
      this.parts.push(text);
      this.rawParts.push(text);
    }
    return true;
  }

  private flush(): void {
    const last = this.cur;
    if (!last || this.lastKey === undefined) return;
    last.text = this.parts.join(' ');
    if (this.hasRaw) {
      const raw = this.rawParts.join(' ');
      if (raw !== last.text) last.raw = raw;
    }
    this.parts = [];
    this.rawParts = [];
    this.hasRaw = false;
    this.cur = undefined;
    this.sink(last);
  }

  finish(): { turns: Turn[]; speakers: SpeakerInfo[]; warnings: string[] } {
    this.flush();
    this.lastKey = undefined;
    // participants who are declared (CHAT @Participants) but never speak are left out
    const speakers = this.order.filter((sp) => this.spoke.has(speakerKey(sp.name)));
    this.rawNames.clear();
    const warnings = this.warnings.length > 50 ? [...this.warnings.slice(0, 50), `… and ${this.warnings.length - 50} more warnings`] : this.warnings;
    return { turns: this.turns, speakers, warnings };
  }
}
