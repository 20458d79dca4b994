/** Short simple-language suggestions (§4.3, §7): our own labelled examples, each with a twin that must not fire. */
import { describe, expect, it } from 'vitest';
import { tagOf } from './test-conv.js';

const adv = tagOf('advice');

describe('simple-language suggestions', () => {
  it('"Say hi to one kid." reaches out; "Say hi to your mom for me." is a greeting', () => {
    expect(adv('E: Me sad. No friends.', 'T: Say hi to one kid.')).toBe(true);
    expect(adv('E: Bye!', 'T: Say hi to your mom for me.')).toBe(false);
  });
  it('"Better tell your job coach." drops its subject', () => {
    expect(adv('E: Boss yell.', 'T: Better tell your job coach.')).toBe(true);
    expect(adv('E: How was the test?', 'T: Better than last time.')).toBe(false);
  });
  it('"Next time walk away." opens with a time', () => {
    expect(adv('E: Me mad at sister.', 'T: Next time walk away.')).toBe(true);
    expect(adv('E: Me mad at sister.', 'T: Next time is Tuesday.')).toBe(false);
  });
  it('"How about music?" offers a thing to try; "How about you?" and "How about Tuesday?" do not', () => {
    expect(adv("E: Can't sleep.", 'T: How about music?')).toBe(true);
    expect(adv("E: Can't sleep.", 'T: How about a warm bath?')).toBe(true);
    expect(adv('E: I am good.', 'T: How about you?')).toBe(false);
    expect(adv('E: When do we talk again?', 'T: How about Tuesday?')).toBe(false);
  });
});

describe('short suggestion questions', () => {
  it('"Maybe a nap?", "What about a puzzle?", "Want to try music?", "Ever try painting?" suggest', () => {
    expect(adv('E: Me tired.', 'T: Maybe a nap?')).toBe(true);
    expect(adv('E: Me bored.', 'T: What about a puzzle?')).toBe(true);
    expect(adv('E: Me sad.', 'T: Want to try music?')).toBe(true);
    expect(adv('E: Me bored.', 'T: Ever try painting?')).toBe(true);
  });
  it('asking about a person, or a mentee\'s own hedged guess, is no suggestion', () => {
    expect(adv('E: Me sad.', 'T: What about your mom?')).toBe(false);
    expect(adv('T: What pet do you want?', 'E: Maybe a dog?')).toBe(false);
  });
});

describe('requests done for the speaker', () => {
  it('"Open wide for me." asks for the speaker; "Open the window at night." suggests', () => {
    expect(adv('E: My tooth hurts.', 'T: Open wide for me.')).toBe(false);
    expect(adv('E: My tooth hurts.', 'T: Take a seat for me, please.')).toBe(false);
    expect(adv('E: My room is so hot.', 'T: Open the window at night.')).toBe(true);
  });
});

describe('closing wishes and formulae are not advice or feelings', () => {
  it('"Sleep well!", "Drive safe.", "Keep me posted.", "Say hi to your mom." close the call', () => {
    for (const t of ['T: Sleep well!', 'T: Drive safe.', 'T: Keep me posted.', 'T: Say hi to your mom.', "T: Don't mention it."]) expect(adv('E: Thanks, bye!', t)).toBe(false);
    expect(adv('E: I cannot sleep before tests.', 'T: Go to bed at the same time every night.')).toBe(true);
  });
  it('"Feel better soon!" and "No worries." name no feeling of the speaker', () => {
    const emo = tagOf('emotion');
    expect(emo('E: I have a cold.', 'T: Feel better soon!')).toBe(false);
    expect(emo('E: Sorry I was late.', 'T: No worries.')).toBe(false);
    expect(emo('T: Why did you skip the test?', 'E: Lots of worries at home.')).toBe(true);
  });
});
