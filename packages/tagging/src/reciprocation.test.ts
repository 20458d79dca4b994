/** Reciprocated disclosure (§4.4, §4.5.8): the same-subject test between two disclosures. Our own labelled examples. */
import { describe, expect, it } from 'vitest';
import { conv, last, tagOf } from './test-conv.js';

const rec = tagOf('reciprocatedDisclosure');

describe('same subject between long turns', () => {
  it('two shared words tie two long disclosures together; one shared word between long turns does not', () => {
    expect(
      rec(
        'E: Honestly the whole week was a blur and I barely slept, but I go to church on Sunday and I believe in prayer, it keeps me going.',
        'T: Prayer is what keeps me going too most weeks, and church on Sunday is the one thing I never skip, even when work is crazy and the kids are sick.',
      ),
    ).toBe(true);
    expect(
      rec(
        'E: Honestly the whole week was a blur and I barely slept, but my cousin came over on Sunday and we watched movies all afternoon long.',
        'T: Sunday for me is laundry day, and I usually clean the apartment and then go for a run by the river before dinner.',
      ),
    ).toBe(false);
  });
});

describe('explicit links', () => {
  it('"too" as a degree word ("I was too slow") is no link; "I was too." is', () => {
    const degree = last(conv('E: I was nervous at tryouts.', 'T: I was too slow to make the team.'));
    expect(degree.detail.reciprocates?.topicMatch).not.toBe('explicit_link');
    expect(last(conv('E: I was nervous at tryouts.', 'T: I was too. My hands were shaking.')).detail.reciprocates?.topicMatch).toBe('explicit_link');
  });
});

describe('the partner\'s follow-up question as a bridge', () => {
  it('carries the disclosure\'s subject only when it is about it, or is a bare follow-up', () => {
    // the goal question is about something else: the answer does not answer the mentor's cat story
    expect(rec('T: My cat is old. She sleeps all day.', 'T: Okay, your goal this week. Cleaning your room. How is it going?', 'E: I clean my room on Saturday.')).toBe(false);
    // a bare follow-up keeps the subject
    expect(rec('E: I got lost on the bus.', 'T: Where?', 'E: Downtown. I was so scared.', 'T: That happened to me once. I cried.')).toBe(true);
  });
});

describe('simple-language answers', () => {
  it('a hesitation before a one-word answer does not hide the answer (§3 ellipsis)', () => {
    expect(last(conv('T: Okay. What could you make for dinner?', 'E: Um. Pizza.')).tags.selfDisclosure).toBe(true);
    expect(last(conv('T: Okay. What could you make for dinner?', 'E: Um.')).tags.selfDisclosure).toBe(false);
  });
});

describe('what a "yes" can answer', () => {
  it('"You\'re welcome!" is a formula, so a following "Yes, …" inherits nothing; a reflection passes its subject on', () => {
    expect(last(conv('T: My friend got tickets early. You\'re welcome!', 'E: Yes, buying early can save money.')).tags.selfDisclosure).toBe(false);
    expect(last(conv('T: So you\'re very stressed about the move.', 'E: Yes.')).tags.selfDisclosure).toBe(true);
  });
});

describe('topic words that are mostly verbs', () => {
  it('"stop worrying" is not the transport topic; "the bus stop" still is (by "bus")', () => {
    expect(rec('E: I am a mom, I cannot stop worrying about my kids.', 'T: I take the train to the office every day.')).toBe(false);
    expect(rec('E: I waited at the bus stop for an hour.', 'T: I ride the bus every day too, it is always late.')).toBe(true);
  });
});

describe('words too general to share a subject', () => {
  it('sharing only "years" or "actually" is no same topic; sharing "piano" is', () => {
    expect(rec('E: I actually moved here two years ago.', 'T: I actually quit coffee years ago.')).toBe(false);
    expect(rec('E: I play piano at church.', 'T: I used to take piano lessons.')).toBe(true);
  });
});

describe('rating the partner\'s situation is empathy, not the speaker\'s own difficulty (§4.5.1, §5)', () => {
  it('"It is very hard right now." right after the partner\'s disclosure is no disclosure and no reciprocation', () => {
    const t = last(conv('E: My dad lost his job and we might have to move.', 'T: It is very hard right now. But things will get better.'));
    expect(t.tags.emotion).toBe(false);
    expect(t.tags.selfDisclosure).toBe(false);
    expect(t.tags.reciprocatedDisclosure).toBe(false);
  });
  it('the same words answering a question about oneself are the speaker\'s own difficulty', () => {
    const t = last(conv('T: How is the new school going?', 'E: It is very hard right now.'));
    expect(t.tags.emotion).toBe(true);
    expect(t.tags.selfDisclosure).toBe(true);
  });
  it('with the speaker\'s own story in the turn, the difficulty is the speaker\'s', () => {
    const t = last(conv('E: My dad lost his job and we might have to move.', 'T: My family moved four times when I was a kid. It was really hard.'));
    expect(t.tags.emotion).toBe(true);
    expect(t.tags.reciprocatedDisclosure).toBe(true);
  });
});

describe('going on with the subject the partner\'s disclosure answered (§4.5.8)', () => {
  const story = ['E: I keep losing my keys and my glasses.', 'T: I lose my keys every single week.'];
  it('after the mentor shares a similar story, the mentee\'s next disclosure about their own problem reciprocates', () => {
    expect(rec(...story, 'E: Yesterday my glasses were in the fridge.')).toBe(true);
  });
  it('a disclosure on another subject stays loose', () => {
    expect(rec(...story, 'E: I start a new art class on Monday.')).toBe(false);
  });
});

describe('a bare rating that goes on with one\'s own named feeling (§4.5.3)', () => {
  const lines = ['E: I have been feeling so much guilt and worry since the fight.', 'T: I went through the same thing with my brother, and time really helped.'];
  it('"So bad." after the partner\'s answering story is the speaker\'s feeling, and it reciprocates that story', () => {
    const t = last(conv(...lines, 'E: So bad.'));
    expect(t.tags.emotion).toBe(true);
    expect(t.tags.selfDisclosure).toBe(true);
    expect(t.tags.reciprocatedDisclosure).toBe(true);
  });
  it('with no feeling named before, a bare "So bad." says nothing of the speaker', () => {
    expect(last(conv('E: I went to the park.', 'T: I went to the park on Sunday too.', 'E: So bad.')).tags.emotion).toBe(false);
  });
});
