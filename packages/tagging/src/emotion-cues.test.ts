/** Emotion cues added in v0.2 work (§4.2, §4.5.5): our own labelled examples, each with a twin that must not fire. */
import { describe, expect, it } from 'vitest';
import { conv, last, tagOf } from './test-conv.js';

const emo = tagOf('emotion');

describe('emotion cues', () => {
  it('"…is concerning to me" is the speaker\'s concern, and not a reciprocation of the listener\'s matter', () => {
    const t = last(conv('E: My blood pressure went up again.', 'T: The rise in your sugar level is concerning to me.'));
    expect(t.tags.emotion).toBe(true);
    expect(t.tags.selfDisclosure).toBe(true);
    expect(t.tags.reciprocatedDisclosure).toBe(false);
    expect(emo('E: What about the letter?', 'T: Concerning your letter, we sent it on Monday.')).toBe(false);
  });

  it('"it helps me relax" names the speaker\'s calm; "Relax." said to the listener does not', () => {
    expect(emo('T: Why do you drink at night?', 'E: A glass of wine sort of helps me relax.')).toBe(true);
    expect(emo('E: I am so nervous.', 'T: Just relax, it is fine.')).toBe(false);
  });

  it('dissatisfaction with something of one\'s own is a feeling even without a subject', () => {
    expect(emo('T: What changed?', 'E: Yeah, just not really happy with my appearance lately.')).toBe(true);
    expect(emo('T: What changed?', 'E: She is not happy with my grades.')).toBe(false);
  });

  it('a negated good state reports a bad one; a denied feeling or a judged skill does not (§4.5.2, §4.5.1)', () => {
    expect(emo('T: How was the weekend?', 'E: I am not happy at all.')).toBe(true);
    expect(emo('T: Tell me about school.', "E: I'm not okay since the move.")).toBe(true);
    expect(emo('T: Were you sad when he left?', "E: I'm not sad about it.")).toBe(false);
    expect(emo('T: Do you play games?', "E: I'm not good at games.")).toBe(false);
    expect(emo('T: What did the coach say?', 'E: I am not good enough for the team.')).toBe(false);
  });

  it('a disclosing mentee\'s unowned negative feeling is the mentee\'s; with someone else near it, or from the mentor, it is not', () => {
    expect(emo('E: My son is waiting for his test results.', 'T: How are you holding up?', "E: Every single day, there is no way out of the dread.")).toBe(true);
    expect(emo('E: I lost my job in May.', "E: It's really frustrating.")).toBe(true);
    expect(emo('E: My sister sings at church.', 'E: She always cries. Happy cry.')).toBe(false);
    expect(emo('E: I lost my job in May.', 'T: That is a shame.', 'E: That is a shame, yes.')).toBe(false);
    expect(emo('E: I lost my job in May.', "T: It's really frustrating for a lot of people right now.")).toBe(false);
  });
});
