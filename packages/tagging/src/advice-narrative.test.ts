/** Implicit advice through one's own experience (§4.3): our own labelled examples. */
import { describe, expect, it } from 'vitest';
import { conv, last, tagOf } from './test-conv.js';

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

const adv = tagOf('advice');

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

describe('counselling questions and reflections that are not advice (§4.3 exclude)', () => {
  it('an open question asking for the listener\'s own plan is not a suggestion; "have you thought about…" after a comma is', () => {
    expect(adv('E: I want to stop smoking weed.', 'T: What steps could you take to stop for a month?')).toBe(false);
    expect(adv('E: I need help with the forms.', 'T: Who else could you ask to help you?')).toBe(false);
    expect(adv('E: I get anxious in class.', 'T: I see you get anxious when you talk in class, but have you thought about asking a classmate for help?')).toBe(true);
  });
  it('a reflection checked with a question mark is not a suggestion; a direction with a question mark is', () => {
    expect(adv('E: I can\'t fill them out alone.', 'T: So, you need some help to fill out the forms?')).toBe(false);
    expect(adv('E: I will keep less wine at home.', 'T: Having less wine in the house will help?')).toBe(false);
    expect(adv('E: My professor is tough.', 'T: Talk to your professor and see if he can help?')).toBe(true);
    expect(adv('E: I overthink everything.', 'T: Overthinking keeps you stuck, maybe there is a hobby you can get into?')).toBe(true);
  });
  it('"it sounds like you would…" reflects; "tell me why it\'s so important to stop" asks; "get-getting" is a repair', () => {
    expect(adv('E: I will do anything.', "T: It sounds like you'd be willing to do whatever you can to stop it.")).toBe(false);
    expect(adv('E: I want to quit.', "T: Tell me a bit about why it's so important to stop right now.")).toBe(false);
    expect(adv('E: I want to quit.', "T: It's so important to quit before the baby comes.")).toBe(true);
    expect(adv('E: I got the forms.', 'T: Yeah. And get-getting to the office and getting the forms, that is a big deal.')).toBe(false);
  });
});

describe('recommendation frames (§4.3, §4.5.6)', () => {
  it('"<doing something> might be a solution / is a good idea" recommends; "<doing something> was fun" does not', () => {
    expect(adv('E: They keep texting me mean things.', 'T: Muting the group chat might be a solution.')).toBe(true);
    expect(adv('E: I argue with my boss.', 'T: Talking to someone above him may be a good idea.')).toBe(true);
    expect(adv('E: What did you do on Sunday?', 'T: Bowling was fun with my cousins.')).toBe(false);
    expect(adv('E: I feel alone.', 'T: Calling a friend can also help.')).toBe(true);
  });
  it('"From my experience, …" frames a recommendation; "what about <doing>" suggests even without "?"', () => {
    expect(adv('E: I cannot sleep.', 'T: From my experience, journaling before bed helps.')).toBe(true);
    expect(adv('E: I am bored at home.', 'T: Sure, what about journaling or writing a story.')).toBe(true);
  });
});

describe('script moves (§4.3 exclude script instructions)', () => {
  it('a script cue opening a sentence or naming the sheet is a script move; "before moving on" inside advice is not', () => {
    expect(adv('E: I spend too much.', 'T: Step one, make a budget.')).toBe(false);
    expect(adv('E: Okay.', 'T: Write it on your goal sheet.')).toBe(false);
    expect(adv('E: She will not eat vegetables.', 'T: Give her small portions for two weeks before moving on.')).toBe(true);
  });
});
