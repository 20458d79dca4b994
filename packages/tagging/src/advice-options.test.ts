/** Advice put as an option, a visit, or under an opinion frame (§4.3, §4.5.6): our own labelled examples, each with a twin that must not fire. */
import { describe, expect, it } from 'vitest';
import { conv, last, tagOf } from './test-conv.js';

const adv = tagOf('advice');
const sd = tagOf('selfDisclosure');

describe('a thing put forward as an option', () => {
  it('"<thing> might be an option / is a good idea" suggests it', () => {
    expect(adv('E: I need money for the trip.', 'T: A weekend job might be an option.')).toBe(true);
    expect(adv('E: I get lost in my homework.', 'T: A planner is a really good idea for that.')).toBe(true);
  });
  it('asked as a question it is still a suggestion (§4.5.6)', () => {
    expect(adv('E: I have no ride to practice.', 'T: Is the city bus an option for you?')).toBe(true);
    expect(adv('E: Math is so hard.', 'T: Would a tutor be a good idea?')).toBe(true);
  });
  it('rating what the listener said is praise, not advice', () => {
    expect(adv('E: I will ask my coach for help.', "T: That's a good idea.")).toBe(false);
    expect(adv('E: My plan is to save ten dollars a week.', 'T: Your plan is a great idea!')).toBe(false);
    expect(adv('T: What do you want to do?', 'E: Is it a good idea to quit?')).toBe(false);
  });
  it('an option noun about something else is no suggestion', () => {
    expect(adv('E: I want to pick a class.', 'T: Is the art class on Monday?')).toBe(false);
    expect(adv('E: I like cars.', 'T: The blue car is an old model.')).toBe(false);
  });
});

describe('visiting someone as a suggestion', () => {
  it('"you should see a counselor" suggests a visit, with or without a question mark', () => {
    expect(adv('E: I have not slept in days.', 'T: You should see a doctor about that.')).toBe(true);
    expect(adv('E: I have not slept in days.', 'T: Maybe you should see a doctor?')).toBe(true);
    expect(adv('E: I have not slept in days.', 'T: You should see a doctor?')).toBe(true);
    expect(adv('E: The forms are confusing.', 'T: You could see if the library has help with forms.')).toBe(true);
  });
  it('"you can see that…" perceives, and "you need help?" checks a reflection', () => {
    expect(adv('E: I made this drawing.', 'T: You can see that you worked hard on it.')).toBe(false);
    expect(adv('E: I cannot fill in the forms.', 'T: You need some help with the forms?')).toBe(false);
  });
});

describe('advice under an opinion frame', () => {
  it('"I think <doing X> is a good idea / could help" is advice and no disclosure (§4.1 exclude)', () => {
    const t = last(conv('E: I want to say sorry to my friend.', 'T: I think calling her is a good idea.'));
    expect(t.tags.advice).toBe(true);
    expect(t.tags.selfDisclosure).toBe(false);
    expect(adv('E: I fight with my brother a lot.', 'T: I think talking to him could help.')).toBe(true);
    expect(adv('E: I fight with my brother a lot.', 'T: I believe that if you tell your mom, she will help.')).toBe(true);
  });
  it('an opinion about the speaker\'s own life stays a disclosure', () => {
    expect(sd('E: What do you do on Sundays?', 'T: I think going to church is a big part of my week.')).toBe(true);
    expect(adv('E: What do you do on Sundays?', 'T: I think going to church is a big part of my week.')).toBe(false);
  });
});

describe('someone or something the listener could turn to, asked as a question', () => {
  it('"Do you have friends who you can talk to?" and "Is there a teacher you could ask?" suggest', () => {
    expect(adv('E: Nobody gets me at home.', 'T: Do you have a cousin who you can call when it gets bad?')).toBe(true);
    expect(adv('E: I am stuck on the reading.', 'T: Is there a teacher that you could ask?')).toBe(true);
  });
  it('asking what the listener can or cannot do, or asking to be told, is no suggestion', () => {
    expect(adv('E: I have allergies.', "T: Do you have anything you can't eat?")).toBe(false);
    expect(adv('E: Something happened at work.', 'T: Is there anything you can tell me about it?')).toBe(false);
    expect(adv('E: I moved to a new town.', 'T: Do you have friends there?')).toBe(false);
  });
});

describe('more everyday suggestion frames', () => {
  it('"I wonder if <doing X> would help" is a tentative suggestion; "I wonder why" is not', () => {
    expect(adv('E: I cannot sleep before tests.', 'T: I wonder if reading before bed would help.')).toBe(true);
    expect(adv('E: My sister is mad at me.', 'T: I wonder why she is mad.')).toBe(false);
  });
  it('"Have a talk with…" directs; "Have a nice day" closes the call', () => {
    expect(adv('E: My mom does not know about it.', 'T: Have a talk with your mom tonight.')).toBe(true);
    expect(adv('E: Bye!', 'T: Have a nice day!')).toBe(false);
  });
  it('"your best bet is to…" recommends', () => {
    expect(adv('E: The bus is always late.', 'T: Your best bet is to leave a bit earlier.')).toBe(true);
  });
});

describe('a thing or activity recommended by what it does, without "you"', () => {
  it('"<thing> helps / does wonders / is great for…" after the listener\'s trouble is advice', () => {
    expect(adv('E: I am so stressed about my exams.', 'T: Deep breaths help a lot.')).toBe(true);
    expect(adv('E: I am so stressed about my exams.', 'T: A walk every day does wonders.')).toBe(true);
    expect(adv('E: I am so stressed about my exams.', 'T: Breaking it into small pieces makes it easier.')).toBe(true);
    expect(adv('E: I am so stressed about my exams.', 'T: Flash cards are a great way to study.')).toBe(true);
    expect(adv('E: I am so stressed about my exams.', 'T: Sleep is really important before a test.')).toBe(true);
  });
  it('"Exercise is great for stress" names no feeling of the speaker', () => {
    const t = last(conv('E: I am so stressed about my exams.', 'T: Exercise is great for stress.'));
    expect(t.tags.advice).toBe(true);
    expect(t.tags.emotion).toBe(false);
    expect(t.tags.selfDisclosure).toBe(false);
  });
  it('a review, a value, the speaker\'s own habit or past, or the listener\'s values are no advice', () => {
    expect(adv('E: We went to the new pizza place.', 'T: The pizza there is great.')).toBe(false);
    expect(adv('E: My kids are coming home for the holidays.', 'T: Family is important.')).toBe(false);
    expect(adv('E: What do you do when you are stressed?', 'T: Music helps me.')).toBe(false);
    expect(adv('E: I started running.', 'T: Running helped when I was in school.')).toBe(false);
    expect(adv('E: I want to fit in.', 'T: It sounds like fitting in is important to you.')).toBe(false);
  });
  it('a mentee telling what helps them is their own strategy, not advice', () => {
    expect(adv('T: What helps you calm down?', 'E: Music helps a lot.')).toBe(false);
  });
});

describe('a generic "us" is everyone, the speaker\'s "me" is a habit', () => {
  it('"Exercise is good for our health" and "It is important for us to sleep" advise; "Exercise is good for my back" tells', () => {
    const t = last(conv('E: I am so tired all the time.', 'T: Exercise is really good for our health.'));
    expect(t.tags.advice).toBe(true);
    expect(t.tags.selfDisclosure).toBe(false);
    expect(adv('E: I am so tired all the time.', 'T: It is important for us to get enough sleep.')).toBe(true);
    expect(adv('E: Do you work out?', 'T: Swimming is really good for my back.')).toBe(false);
  });
});

describe('what helps other people, as a maxim (§4.5.6)', () => {
  it('"Many people find that yoga helps" and "Something that has helped others is journaling" advise', () => {
    expect(adv('E: I feel down since I lost my job.', 'T: Many people find that yoga helps.')).toBe(true);
    expect(adv('E: I feel down since I lost my job.', 'T: Some people find it useful to keep a journal.')).toBe(true);
    expect(adv('E: I feel down since I lost my job.', 'T: Something that has helped others is journaling.')).toBe(true);
  });
  it('what people find without a benefit is no advice', () => {
    expect(adv('E: Math is so hard.', 'T: Many people find that hard.')).toBe(false);
  });
  it('"It might be beneficial to speak with a counselor" recommends; "It was good to talk to you" is a pleasantry', () => {
    expect(adv('E: I feel down.', 'T: It might be beneficial to speak with a counselor.')).toBe(true);
    expect(adv('E: Bye!', 'T: It was good to talk to you.')).toBe(false);
  });
});

describe('more suggestion frames from counselling talk', () => {
  it('suggest: "Another thing that works is…", "If it were me, I\'d…", "Would you consider joining…?", "Give it a try.", "Don\'t hesitate to…", "the sooner…, the better"', () => {
    const s = 'E: I feel stuck and I do not know what to do.';
    expect(adv(s, 'T: Another thing that works is setting a timer.')).toBe(true);
    const t = last(conv(s, "T: If it were me, I'd talk to the manager."));
    expect(t.tags.advice).toBe(true);
    expect(t.tags.selfDisclosure).toBe(false);
    expect(adv(s, 'T: Would you consider joining a gym?')).toBe(true);
    expect(adv(s, 'T: Would you be open to seeing a counselor?')).toBe(true);
    expect(adv(s, 'T: Give it a try.')).toBe(true);
    expect(adv(s, "T: Don't hesitate to reach out to your teacher.")).toBe(true);
    expect(adv(s, 'T: Honestly, the sooner you tell him, the better.')).toBe(true);
  });
  it('do not: an opinion asked ("Would you consider him a friend?"), a report with "and don\'t"', () => {
    expect(adv('E: He borrowed money.', 'T: Would you consider him a good friend?')).toBe(false);
    expect(adv('T: How are the texts going?', "E: His answers are short and don't show he cares.")).toBe(false);
  });
});

describe('a benefit for the listener named after an action, and softened helps', () => {
  it('"If you joined the choir you would feel better", "It may also help to…", "Would you be interested in…?" suggest', () => {
    const s = 'E: I have been so lonely since we moved.';
    expect(adv(s, 'T: If you joined the choir at church you would feel better.')).toBe(true);
    expect(adv(s, 'T: It may also help to call your old friends.')).toBe(true);
    expect(adv(s, 'T: Would you be interested in a book club?')).toBe(true);
  });
  it('a state in the if-clause is no action: "If you are lonely you will feel better when school starts"', () => {
    expect(adv('E: I have been so lonely since we moved.', 'T: If you are lonely now, you will feel better when school starts.')).toBe(false);
  });
});
