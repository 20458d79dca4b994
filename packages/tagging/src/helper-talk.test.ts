/**
 * The helper's talk that looks personal but is not a disclosure (§4.1 exclude, §4.2 formulaic politeness), and links
 * that are said of someone else (§4.4). Our own labelled examples; each class has a positive twin that must stay.
 */
import { describe, expect, it } from 'vitest';
import { conv, last, tagOf } from './test-conv.js';

const sd = tagOf('selfDisclosure');

describe('helper talk that is not a disclosure', () => {
  it('"my friend" said to the listener is a form of address; the speaker\'s friend is a disclosure', () => {
    expect(sd('E: I have nobody to talk to.', 'T: You will get through this my friend!')).toBe(false);
    expect(sd('E: Thanks for listening.', 'T: Any time, my dear.')).toBe(false);
    expect(sd('E: I failed again.', 'T: My friend, you can do this.')).toBe(false);
    expect(sd('E: What did you do on Saturday?', 'T: I went bowling with my friend.')).toBe(true);
    expect(sd('E: Who is that?', 'T: My friend moved to Ohio last year.')).toBe(true);
    expect(sd('T: How was school?', 'E: You met my friend.')).toBe(true);
  });

  it('a generic "our" about human nature is not a disclosure; "our dog" is', () => {
    expect(sd('E: I keep thinking about her.', 'T: Our minds like to replay the good parts.')).toBe(false);
    expect(sd('E: I cannot focus.', 'T: Stress messes with our brains.')).toBe(false);
    expect(sd('T: How is home?', 'E: Our dog is sick.')).toBe(true);
  });

  it('"in my opinion / in my mind / in my experience" frames an opinion or a maxim', () => {
    expect(sd('E: Should I tell my teacher?', 'T: In my mind, your teacher is the best person to ask.')).toBe(false);
    expect(sd('E: What helps?', 'T: In my experience it helps to write things down.')).toBe(false);
    expect(sd('E: What happened?', 'T: My mind went blank at my first interview.')).toBe(true);
  });

  it('the helper\'s pleasure in helping or in the talk itself is politeness, not an emotion (§4.2)', () => {
    const pointing = last(conv('E: That helps.', 'T: I feel good to send you in the right direction.'));
    expect(pointing.tags.selfDisclosure).toBe(false);
    expect(pointing.tags.emotion).toBe(false);
    expect(sd('E: Bye!', "T: I'm glad we were able to talk today.")).toBe(false);
    expect(sd('E: I am back.', 'T: Awesome, I am glad to have you back!')).toBe(false);
    const own = last(conv('T: How did the test go?', 'E: I feel good about my test.'));
    expect(own.tags.emotion).toBe(true);
    expect(sd('T: How was the weekend?', "E: I'm glad we went to the lake.")).toBe(true);
  });

  it('a guess about the world ("I\'m guessing…", "I\'m betting…") and "I\'m telling you…" say nothing of the helper', () => {
    expect(sd('E: I applied last week.', "T: I'm guessing the office is busy right now.")).toBe(false);
    expect(sd('E: Nobody is hiring.', "T: I bet it gets easier soon next year.")).toBe(false);
    expect(sd('E: I want to quit.', "T: I'm telling you, don't give up.")).toBe(false);
    expect(sd('E: What did you do?', 'T: I told my boss about my brother.')).toBe(true);
    expect(sd('E: Are you okay?', "T: I'm thinking about my grandma a lot.")).toBe(true);
  });

  it('confidence in the listener, wishes for them, understanding them and the source of a claim are not disclosures', () => {
    expect(sd('E: I have an interview Monday.', "T: I'm confident you'll find something.")).toBe(false);
    expect(sd('E: Thanks so much.', 'T: I wish you all the best with school.')).toBe(false);
    expect(sd('E: My cat died.', 'T: I wish I could be there with you.')).toBe(false);
    expect(sd('E: I was so mad at him.', 'T: I totally get it.')).toBe(false);
    expect(sd('E: I was so mad at him.', 'T: I can understand why.')).toBe(false);
    expect(sd('E: Is it getting better?', 'T: From what I have seen, most kids who ask for help do better.')).toBe(false);
    expect(sd('E: Will this end?', 'T: They have a new vaccine now, I heard.')).toBe(false);
    expect(sd('E: Any tips?', 'T: If I may add an idea, write it down.')).toBe(false);
    expect(sd('E: Thanks.', 'T: I will be happy to.')).toBe(false);
    // the twins that stay disclosures
    expect(sd('E: What do you want?', 'T: I wish I had more time with my kids.')).toBe(true);
    expect(sd('E: What was it like?', "T: That's the worst I've seen.")).toBe(true);
    expect(sd('E: Do you know him?', 'T: I understand him better now that I work with him.')).toBe(true);
  });

  it('counselling talk: the institution\'s "we", voiced or quoted words, offers about the help, thanks (§4.1)', () => {
    expect(sd('E: Is that a lot?', 'T: We recommend no more than seven drinks a week.')).toBe(false);
    expect(sd('E: What is that?', 'T: We call those trigger moments.')).toBe(false);
    expect(sd('E: I want to change.', 'T: Part of you is saying, "I want a better life for my baby."')).toBe(false);
    expect(sd('E: Okay.', "T: I'll give you a quick overview of the program.")).toBe(false);
    expect(sd('E: Thanks for listening.', 'T: I really appreciate you sharing that.')).toBe(false);
    expect(sd('T: Anything else?', 'E: Thank you. I really appreciate it.')).toBe(false);
    expect(sd('E: What does that mean?', "T: It's my role to help you look at the options.")).toBe(false);
    // twins: the speaker's own "we", own words around a quote, own plans
    expect(sd('E: What did you do?', 'T: We went camping with my cousins.')).toBe(true);
    expect(sd('E: What happened?', 'T: I told him, "Leave me alone."')).toBe(true);
    expect(sd('E: Any plans?', "T: I'm going to call her tomorrow.")).toBe(true);
    expect(sd('T: How was it?', 'E: I\'ll spend an hour deciding" whether I need it.')).toBe(true);
  });

  it('hypothetical empathy and "I would…" advice frames are not disclosures, the possessives in them neither', () => {
    const same = last(conv('E: My friend never calls me back.', 'T: I would feel the same way if I were in your shoes.'));
    expect(same.tags.selfDisclosure).toBe(false);
    expect(same.tags.reciprocatedDisclosure).toBe(false);
    expect(sd('E: He reads my texts.', 'T: I would hate it too if my brother did that.')).toBe(false);
    expect(sd('E: I need money.', 'T: I would start selling my old games online.')).toBe(false);
    expect(sd('E: What do you want?', 'T: I would love to visit my sister in Texas.')).toBe(true);
    expect(sd('E: Was it hard?', 'T: I would cry every night after my dad left.')).toBe(true);
  });

  it('hearsay wisdom and a general claim hedged as "I have found that…" are not disclosures; being told about oneself is', () => {
    expect(sd('E: I am nervous.', 'T: Somebody told me that patience matters most thing.')).toBe(false);
    expect(sd('E: Where can I get help?', 'T: I have found that there are lots of free classes around.')).toBe(false);
    expect(sd('E: What works for you?', 'T: I have found that I sleep better without my phone.')).toBe(true);
    expect(sd('E: What happened?', 'T: Someone told me I was too slow for the team.')).toBe(true);
  });
});

describe('links said of someone else (§4.4)', () => {
  it('"the same way" / "something similar" with another subject is no link; with the speaker it is', () => {
    const other = last(conv('E: I feel lonely since the move.', 'T: Your friends may be feeling the same way.'));
    expect(other.tags.reciprocatedDisclosure).toBe(false);
    expect(other.tags.selfDisclosure).toBe(false);
    expect(sd('E: I want to meet people.', 'T: You can join a club or something similar.')).toBe(false);
    const mine = last(conv('E: I feel lonely since the move.', 'T: I felt the same way when I moved.'));
    expect(mine.tags.reciprocatedDisclosure).toBe(true);
    expect(mine.detail.reciprocates?.topicMatch).toBe('explicit_link');
    const fragment = last(conv('E: I got lost on the bus.', 'T: Been there.'));
    expect(fragment.tags.reciprocatedDisclosure).toBe(true);
    expect(last(conv('E: My car broke down again.', 'T: Same thing happened to me last month.')).tags.reciprocatedDisclosure).toBe(true);
  });
});

describe('formulae and generic "our" with a link word', () => {
  it('"I\'m glad to hear that too" is a politeness formula, not a shared experience', () => {
    const t = last(conv('E: That helped me a lot.', "T: I'm glad to hear that too, you deserve it."));
    expect(t.tags.reciprocatedDisclosure).toBe(false);
    expect(t.tags.selfDisclosure).toBe(false);
  });
  it('"hard times in our lives" after "we all" is human nature, not the speaker\'s life', () => {
    expect(sd('E: I lost my job.', 'T: We all go through hard times in our lives, you will get through it.')).toBe(false);
    expect(sd('E: I lost my job.', 'T: I lost my job last year too and it was scary.')).toBe(true);
  });
});

describe('musing aloud and the helper\'s plans for the talk', () => {
  it('"I\'m wondering about…" and "is what I\'m picking up" tell nothing of the speaker\'s life; "I wonder if I should quit" does', () => {
    expect(sd('E: I stay in my room a lot.', "T: I'm just wondering about that part of your week.")).toBe(false);
    expect(sd('E: I stay in my room a lot.', "T: You like your own space, is what I'm picking up on.")).toBe(false);
    expect(sd('T: How is work?', 'E: I wonder if I should quit my job.')).toBe(true);
  });
  it('"I want to ask you about…" is the helper\'s move in the talk; "I want to ask my boss for a raise" is a plan', () => {
    expect(sd('E: I finished school.', 'T: One thing I want to ask you about is what matters to you.')).toBe(false);
    expect(sd('T: Any plans?', 'E: I want to ask my boss for a raise.')).toBe(true);
  });
});

describe('the helper\'s confidence in the listener', () => {
  it('"I assure you…", "I have faith that you…", "I\'m rooting for you", "I take my hat off to you" are no disclosure', () => {
    expect(sd('E: I type so slowly.', 'T: I assure you that your typing is fine.')).toBe(false);
    expect(sd('E: I want to volunteer.', 'T: I have faith that you can do it.')).toBe(false);
    expect(sd('E: My interview is tomorrow.', "T: I'm rooting for you!")).toBe(false);
    expect(sd('E: I finished the course.', 'T: I take my hat off to you.')).toBe(false);
    expect(sd('E: Do you go to church?', 'T: I have faith in God, it keeps me going.')).toBe(true);
  });
});

describe('a link word returning a formula', () => {
  it('"Same here!" to "Have a good night!" returns the wish; "Same here!" to "I love pizza." shares a taste', () => {
    expect(sd('E: Have a good night!', 'T: Same here!')).toBe(false);
    expect(sd('E: Nice talking to you.', 'T: Me too, take care.')).toBe(false);
    const t = last(conv('E: I love pizza.', 'T: Same here!'));
    expect(t.tags.selfDisclosure).toBe(true);
    expect(t.tags.reciprocatedDisclosure).toBe(true);
  });
});

describe('praise of the partner\'s news', () => {
  it('"I love that!" after the partner\'s news praises it; "Yes I love it." to "Do you like baking?" is a taste', () => {
    const t = last(conv('E: I got into the art program!', 'T: I love that!'));
    expect(t.tags.selfDisclosure).toBe(false);
    expect(t.tags.emotion).toBe(false);
    const u = last(conv('T: Do you like baking?', 'E: Yes I love it.'));
    expect(u.tags.selfDisclosure).toBe(true);
    expect(u.tags.emotion).toBe(true);
    expect(sd('E: Try the bus, it is faster.', 'T: I like that idea, thanks!')).toBe(false);
    expect(sd('E: I agree.', "T: I'm with you.")).toBe(false);
  });
});
