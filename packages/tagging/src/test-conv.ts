/** Test helpers: build a conversation from 'T:' (mentor), 'E:' (mentee) and 'O:' (other) lines. */
import { tagConversation } from './tagger.js';
import type { Speaker, TaggedUtterance, TagName, UtteranceInput } from './types.js';

export const T = (speaker: Speaker, text: string, turn: number): UtteranceInput => ({ speaker, text, turn });
export function conv(...lines: string[]): UtteranceInput[] {
  return lines.map((l, i) => T(l.startsWith('T:') ? 'mentor' : l.startsWith('E:') ? 'mentee' : 'other', l.slice(2).trim(), i));
}
export const last = (u: UtteranceInput[]): TaggedUtterance => tagConversation(u).at(-1)!;
/** The given tag of the last line of a conversation: `tagOf('advice')('E: …', 'T: …')`. */
export const tagOf =
  (tag: TagName) =>
  (...lines: string[]): boolean =>
    last(conv(...lines)).tags[tag];
