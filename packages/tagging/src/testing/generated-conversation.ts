/**
 * Test helper for the streaming tagger: long conversations generated from sentences written for this test (no
 * external data), seeded, so chunked tagging can be compared with whole-conversation tagging.
 */
import type { Speaker, UtteranceInput } from '../types.js';
import { prng } from './prng.js';

const MENTOR = [
  'How was your week at school?',
  'Did you like the new job?',
  'How are you feeling today?',
  'I was nervous at my first job too.',
  'I remember when I moved, I felt lonely for months.',
  'Me too, I love pizza on Fridays.',
  'Same here.',
  'You should ask your teacher for help.',
  'Maybe try writing the steps on a card.',
  'If you feel stressed, take a walk.',
  'What do you do when you get angry?',
  'That sounds hard. I am sorry.',
  'Okay.',
  'Mm-hmm.',
  'Let us do step two on the worksheet.',
  'My sister plays soccer and she is good at it.',
  'Do you have any pets?',
  'I have a dog named Rex.',
  'What would you like to talk about next time?',
  'It was tough for me when my grandma was sick.',
  'You could call me if you need anything.',
  'Right. It is tough because nobody tells you how.',
  'Why do you think that happened?',
  'I go to the gym two times a week.',
];
const MENTEE = [
  'Yes.',
  'Yeah, I think so.',
  'No.',
  'Good.',
  'I am fine.',
  'I was sad when my cat died.',
  'My mom works at the hospital.',
  'I do not like the loud room at work.',
  'I got a new job at the store.',
  'I feel worried about the test.',
  'I went bowling with my dad and got a strike.',
  'Me too!',
  'Okay.',
  'Thanks.',
  'What should I do about my boss?',
  'Do you like pizza?',
  'I have two cats.',
  'Play games.',
  'I am scared of the bus.',
  'I was really happy when I got paid.',
  'Yes, I go two times a year.',
  'Boring.',
  'I want to learn to cook.',
  'My friend Sam came over and we played games.',
];
const OTHER = ['He was a bit worried at first.', 'She is doing better now.', 'Okay, I will be in the kitchen.', 'Yes.'];


/**
 * `turns` utterances: mostly alternating mentor/mentee, with runs of `other` turns (a parent joining) and same-role
 * runs, one or two sentences each; with `timed`, start/end seconds with occasional long gaps (the reciprocation time limit).
 */
export function generatedConversation(seed: number, turns: number, opts: { timed?: boolean; otherRate?: number } = {}): UtteranceInput[] {
  const r = prng(seed);
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)]!;
  const out: UtteranceInput[] = [];
  let speaker: Speaker = 'mentor';
  let t = 0;
  for (let i = 0; i < turns; i++) {
    const x = r();
    if (x < (opts.otherRate ?? 0.05)) speaker = 'other';
    else if (x < 0.9) speaker = speaker === 'mentor' ? 'mentee' : 'mentor';
    // else: the same role again
    if (speaker === 'other' && r() < 0.5 && i > 0) speaker = out[i - 1]!.speaker === 'mentor' ? 'mentee' : 'mentor';
    const pool = speaker === 'mentor' ? MENTOR : speaker === 'mentee' ? MENTEE : OTHER;
    const text = r() < 0.25 ? `${pick(pool)} ${pick(pool)}` : pick(pool);
    const u: UtteranceInput = { turn: i, speaker, text };
    if (opts.timed) {
      t += r() < 0.02 ? 200 : 1 + Math.floor(r() * 8);
      u.start = t;
      u.end = t + 2;
    }
    out.push(u);
  }
  return out;
}
