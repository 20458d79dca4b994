/** Implicit advice through one's own experience (§4.3): our own labelled examples. */
import { describe, expect, it } from 'vitest';
import { conv, last } from './test-conv.js';

describe('experience framed as what helps', () => {
  it('"I have found that <something> helps" after the listener\'s trouble is advice as well as disclosure', () => {
    const t = last(conv('E: I miss her every day since we broke up.', 'T: I went through a breakup too, and I have found that time passing helps.'));
    expect(t.tags.advice).toBe(true);
    expect(t.tags.selfDisclosure).toBe(true);
  });
  it('a finding with no "helps" is only a disclosure', () => {
    const t = last(conv('E: I miss her every day since we broke up.', 'T: I went through a breakup too, and I found out who my real friends were.'));
    expect(t.tags.advice).toBe(false);
    expect(t.tags.selfDisclosure).toBe(true);
  });
});

const adv = (...lines: string[]) => last(conv(...lines)).tags.advice;

describe('more suggestion forms (§4.3)', () => {
  it('"<verb> yourself" directs the listener; "by yourself" does not', () => {
    expect(adv('E: I never want to go out.', 'T: Push yourself a little, just once a week.')).toBe(true);
    expect(adv('E: I went to the store.', 'T: You did that by yourself?')).toBe(false);
  });
  it('a hedged gerund suggests an action to the listener; a mentee\'s own hedged plan does not', () => {
    expect(adv('E: I feel like a burden to my friends.', 'T: Maybe talking to a counselor would take some weight off.')).toBe(true);
    expect(adv('T: What will you do this weekend?', 'E: Maybe going to the park with my cousin.')).toBe(false);
  });
  it('a suggestion question counts without its question mark and in more words', () => {
    expect(adv('E: My friends are worried about her too.', 'T: You said they are worried, have you tried talking to them about a group call.')).toBe(true);
    expect(adv('E: My grandpa needs help all day.', 'T: Is there any way you guys could get a nurse to help him?')).toBe(true);
    expect(adv('E: He ignores me.', 'T: Have you conveyed those feelings to him?')).toBe(true);
    expect(adv('E: I went to the doctor.', 'T: Did you like her?')).toBe(false);
  });
});
