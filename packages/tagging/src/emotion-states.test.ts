/** Feelings said without a listed emotion word (§4.2, §4.5.1, §4.5.2): our own labelled examples, each with a twin that must not fire. */
import { describe, expect, it } from 'vitest';
import { tagOf } from './test-conv.js';

const emo = tagOf('emotion');
const sd = tagOf('selfDisclosure');
const ASK = 'T: How has this week been for you?';

describe('a state after "I feel" (EMO-FEEL-STATE)', () => {
  it('names the speaker\'s state even when the word is not in the lexicon', () => {
    expect(emo(ASK, 'E: I feel trapped at home.')).toBe(true);
    expect(emo(ASK, "E: I've been feeling off lately.")).toBe(true);
    expect(emo(ASK, 'E: The way they laugh makes me feel small.')).toBe(true);
  });
  it('is no emotion when denied, said of someone else, an opinion, or a body state', () => {
    expect(emo(ASK, "E: I don't feel trapped at all.")).toBe(false);
    expect(emo(ASK, 'E: I can see why some kids in my class feel trapped.')).toBe(false);
    expect(emo(ASK, 'E: I feel strongly about recycling.')).toBe(false);
    expect(emo(ASK, 'E: I feel pain in my knee after running.')).toBe(false);
    expect(emo('E: I never get a break.', 'T: You must feel trapped.')).toBe(false);
  });
});

describe('everyday words and idioms for feelings', () => {
  it('words a young person would use: numb, on edge, a mess, not myself', () => {
    expect(emo(ASK, 'E: Honestly I just feel numb.')).toBe(true);
    expect(emo(ASK, "E: I'm on edge all the time.")).toBe(true);
    expect(emo(ASK, "E: I'm a mess right now.")).toBe(true);
    expect(emo(ASK, "E: I haven't been myself since the move.")).toBe(true);
    expect(emo(ASK, "E: I'm having a bad week.")).toBe(true);
  });
  it('the same words about things are no feeling', () => {
    expect(emo(ASK, 'E: My room is a mess.')).toBe(false);
    expect(emo(ASK, 'E: The glass is empty.')).toBe(false);
    expect(emo(ASK, "E: I'm on the team now.")).toBe(false);
    expect(sd(ASK, "E: I'm on the team now.")).toBe(true);
  });
  it('tiredness after work is a body state, not an emotion; feeling worn out is weak like "tired"', () => {
    expect(emo('T: How are your evenings?', "E: When I get home from my shift I'm pretty exhausted.")).toBe(false);
  });
});

describe('a bad state in reply to "How are things?" (§4.2, §4.5.1)', () => {
  it('"Not great." to "How are things?" is the speaker\'s state; "Good." stays the greeting formula', () => {
    expect(emo('T: Hi! How are things?', 'E: Not great.')).toBe(true);
    expect(sd('T: Hi! How are things?', 'E: Not great.')).toBe(true);
    expect(emo('T: Hi! How are things?', 'E: Good.')).toBe(false);
    expect(emo('T: How was school today?', 'E: Bad.')).toBe(true);
  });
});

describe('words that also describe things', () => {
  it('"I\'m feeling low" is a feeling; "I\'m low on money" is not', () => {
    expect(emo(ASK, "E: I'm feeling low.")).toBe(true);
    expect(emo(ASK, "E: I'm low on money this week.")).toBe(false);
  });
  it('"I\'m broken" is a feeling; "My phone is broken" is not', () => {
    expect(emo(ASK, "E: I'm broken.")).toBe(true);
    expect(emo(ASK, 'E: My phone is broken.')).toBe(false);
  });
});

describe('thanks in other words (§4.2 formulaic politeness)', () => {
  it('"I\'m grateful for your advice" and "I enjoyed talking to you" thank; gratitude for one\'s own life is a feeling', () => {
    expect(emo('T: Try calling your coach this week.', "E: I'm grateful for your advice.")).toBe(false);
    expect(sd('T: Try calling your coach this week.', "E: I'm grateful for your advice.")).toBe(false);
    expect(emo('T: Bye for now!', 'E: I enjoyed talking to you.')).toBe(false);
    expect(emo(ASK, "E: I'm grateful for my family.")).toBe(true);
    expect(emo(ASK, 'E: I am thankful to have a job.')).toBe(true);
  });
  it('a mood named is a feeling: "I am in a better mood"', () => {
    expect(emo('T: Thanks for sharing.', 'E: I am in a better mood now.')).toBe(true);
  });
});

describe('a strong bad rating of one\'s own experience (§4.2 "That was the worst day")', () => {
  it('"…and it was terrible." closing one\'s own story is the speaker\'s feeling', () => {
    expect(emo('T: How did the move go?', 'E: We moved out of our house on Sunday and it was terrible.')).toBe(true);
  });
  it('a rating of a thing, a skill, or a body complaint is not', () => {
    expect(emo('T: How is the job hunt?', 'E: I applied at the mall but that is a terrible company.')).toBe(false);
    expect(emo('T: Can you help me with spelling?', "E: I'm terrible at spelling too.")).toBe(false);
    expect(emo('T: How did the move go?', 'E: The movie we watched after was terrible.')).toBe(false);
  });
});

describe('a bad state in reply to "How are you?" is the speaker\'s own', () => {
  it('"Not good." is the speaker\'s state; "My mom is sick." is the mother\'s', () => {
    expect(emo('T: Hi, how are you?', 'E: Not good.')).toBe(true);
    expect(emo('T: Hi, how are you?', 'E: My mom is sick.')).toBe(false);
    expect(sd('T: Hi, how are you?', 'E: My mom is sick.')).toBe(true);
  });
});

describe('loneliness and low mood in everyday words', () => {
  it('"I have no one to talk to", "I\'m in a rut", "I can\'t get out of bed" name the speaker\'s state', () => {
    expect(emo(ASK, 'E: I have no one to talk to about it.')).toBe(true);
    expect(emo(ASK, "E: I've been in a rut since summer.")).toBe(true);
    expect(emo(ASK, "E: I just can't get out of bed most days.")).toBe(true);
  });
  it('a shrug about the world is no feeling: "Nah, nobody cares around here."', () => {
    expect(emo('T: Will your neighbours mind the music?', 'E: Nah, nobody cares around here.')).toBe(false);
  });
});
