import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODEBOOK_VERSION, TAG_NAMES, addPair, emptyConfusion, loadCodebook, score, tagConversation, type Speaker, type TagName } from './index.js';

import { T, conv, last } from './test-conv.js';

describe('fixture agreement', () => {
  const rows = readFileSync(new URL('../fixtures/labelled.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { conversation_id: string; turn: number; speaker: Speaker; text: string; human: Record<TagName, boolean | null> });
  it('has at least 140 labelled turns in several conversations, both speakers', () => {
    expect(rows.length).toBeGreaterThanOrEqual(140);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.speaker))).toEqual(new Set(['mentor', 'mentee', 'other']));
  });
  it('agrees with the hand codes per tag (F1 ≥ 0.85, κ ≥ 0.8)', () => {
    const conf = new Map(TAG_NAMES.map((t) => [t, emptyConfusion()]));
    const byConv = new Map<string, typeof rows>();
    for (const r of rows) byConv.set(r.conversation_id, [...(byConv.get(r.conversation_id) ?? []), r]);
    for (const g of byConv.values()) {
      const tagged = tagConversation(g.map((r) => T(r.speaker, r.text, r.turn)));
      g.forEach((r, i) => {
        for (const t of TAG_NAMES) {
          const h = r.human[t];
          if (h === true || h === false) addPair(conf.get(t)!, h, tagged[i]!.tags[t]);
        }
      });
    }
    for (const t of TAG_NAMES) {
      const s = score(conf.get(t)!);
      expect.soft(s.f1, `${t} F1`).toBeGreaterThanOrEqual(0.85);
      expect.soft(s.kappa, `${t} kappa`).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('behaviours from the codebook', () => {
  it('a mentor answering a request for advice recommends, in any phrasing (§4.3 implicit advice)', () => {
    const habit = last(conv('E: My room is always a mess. What should I do?', 'T: I put a basket by the door and drop stuff in it every night.'));
    expect(habit.tags.advice).toBe(true);
    expect(habit.detail.adviceForm).toBe('implicit_narrative');
    expect(habit.evidence.find((e) => e.tag === 'advice')?.rule).toBe('ADV-ANSWER-TO-REQUEST');
    const cond = last(conv('E: Should I tell my coach I am tired?', 'T: If you think he will listen, then sure.'));
    expect(cond.tags.advice).toBe(true);
    expect(cond.detail.adviceForm).toBe('conditional');
    const generic = last(conv('E: How do you deal with mean kids?', 'T: You walk away and find a grown-up.'));
    expect(generic.tags.advice).toBe(true);
    // the same sentence without a request is a plain report, and a mentee answering the mentor's question is not advice
    expect(last(conv('E: My room is a mess.', 'T: I put a basket by the door and drop stuff in it every night.')).tags.advice).toBe(false);
    expect(last(conv('T: What would you do if you missed the bus?', 'E: I call my mom.')).tags.advice).toBe(false);
    // the request stays open over one more mentee turn, unless the mentor has advised in between
    expect(last(conv('E: What do you do when you feel lonely?', 'T: Hmm.', 'E: Weekends are the worst.', 'T: I call my cousin and we go for a walk.')).tags.advice).toBe(true);
    expect(last(conv('E: What do you do when you feel lonely?', 'T: Call a friend.', 'E: Weekends are the worst.', 'T: I call my cousin on weekends.')).tags.advice).toBe(false);
    // a past story answering the request is not read as advice by this rule
    expect(last(conv('E: What should I do about my boss?', 'T: I had a mean boss once.')).tags.advice).toBe(false);
  });

  it('blood pressure is a measurement, not an emotion; feeling pressured is one', () => {
    expect(last(conv('T: How is your health?', 'E: My blood pressure went up again.')).tags.emotion).toBe(false);
    expect(last(conv('T: How is your health?', 'E: My pressure has been high for years.')).tags.emotion).toBe(false);
    expect(last(conv('T: How is work?', 'E: I feel so much pressure at work.')).tags.emotion).toBe(true);
  });

  it('institutional "our" (our clinic, our policy, our economy) is not a disclosure; "our house" is', () => {
    expect(last(conv('E: How much is it?', 'T: Our fee for the letter is ten dollars.')).tags.selfDisclosure).toBe(false);
    expect(last(conv('E: Is it bad out there?', 'T: Our economy is slow right now.')).tags.selfDisclosure).toBe(false);
    expect(last(conv('T: Where do you live?', 'E: Our house is by the lake.')).tags.selfDisclosure).toBe(true);
  });

  it('"missed work" is an absence, "miss school" a longing; "not much I can do" is the helper\'s role', () => {
    expect(last(conv('T: How was your week?', 'E: I missed work on Monday.')).tags.emotion).toBe(false);
    expect(last(conv('T: How is summer?', 'E: I miss school.')).tags.emotion).toBe(true);
    expect(last(conv('E: My throat hurts.', "T: There's not much I can do about your throat.")).tags.selfDisclosure).toBe(false);
  });

  it('"Yeah, tell me about it" links back; a bare "Tell me about it." asks for more; the opening exchange has no disclosure', () => {
    const u = tagConversation(conv('T: I sent out a lot of job forms and nobody called back.', 'E: Yeah, tell me about it, it drives me crazy.'));
    expect(u[1]!.tags.reciprocatedDisclosure).toBe(true);
    expect(last(conv('E: Work is hard.', 'T: Tell me about it.')).tags.selfDisclosure).toBe(false);
    const open = tagConversation(conv('T: Hi there.', 'E: Hi.', 'T: Thanks for calling.', 'E: Can I ask how you are doing first?', "T: I'm doing well, thanks!"));
    expect(open[4]!.tags.selfDisclosure).toBe(false);
  });

  it('a yes after a back-channel confirms a feeling reflection, also one led by "Yeah," or "you want to feel…" (§4.5.3)', () => {
    const a = tagConversation(conv('T: Yeah, you feel calmer and less angry after a run.', 'E: Mm-hmm. Yeah, exactly.'));
    expect(a[1]!.tags).toMatchObject({ selfDisclosure: true, emotion: true });
    const b = tagConversation(conv('T: So you want to feel good about yourself again.', 'E: Mm-hmm. Yeah.'));
    expect(b[1]!.tags.emotion).toBe(true);
    // advice is not a reflection: a yes to it discloses nothing
    expect(tagConversation(conv('T: You should call her.', 'E: Yeah.'))[1]!.tags.selfDisclosure).toBe(false);
  });

  it('"I don\'t like it" states displeasure (emotion), unlike a denied feeling ("I\'m not sad")', () => {
    expect(last(conv('T: How is the new class?', "E: I don't like it.")).tags.emotion).toBe(true);
    expect(last(conv('T: How is the new class?', 'E: No like it.')).tags.emotion).toBe(true);
    expect(last(conv('T: How is the new class?', "E: I'm not sad about it.")).tags.emotion).toBe(false);
  });

  it('a short follow-up message after one\'s own disclosure continues it; thanks and goodbyes do not', () => {
    const u = tagConversation(conv('T: How is the job hunt?', "E: I still don't have a job.", 'E: and the rent is rough to pay.', 'E: Thanks for listening.'));
    expect(u[2]!.tags).toMatchObject({ selfDisclosure: true, emotion: true });
    expect(u[2]!.evidence.find((e) => e.tag === 'selfDisclosure')?.rule).toBe('SD-CONTINUATION');
    expect(u[3]!.tags.selfDisclosure).toBe(false);
    // the partner's unrelated statement right after is not a continuation (different speaker)
    expect(tagConversation(conv('E: I still have no job.', 'T: The weather is nice today.'))[1]!.tags.selfDisclosure).toBe(false);
  });

  it('a mentee\'s generic "you have to…" in their own story is not advice; "You should get a hamster!" is', () => {
    expect(last(conv('T: How is work?', 'E: My boss is mean. When you work there you have to stay late every day.')).tags.advice).toBe(false);
    expect(last(conv('T: I have a dog.', 'E: You should get a hamster!')).tags.advice).toBe(true);
    expect(last(conv('E: I am so tired.', 'T: You have to get more sleep.')).tags.advice).toBe(true);
  });

  it('a mentee\'s imperative or maxim without the listener in it tells their own plan, not advice to the mentor (§4.3)', () => {
    // own strategies listed as fragments, and uptake of the mentor's idea
    expect(last(conv('T: What helps you when you are stressed?', 'E: I try a lot of things. Drink tea, turn off my phone, go to bed early.')).tags.advice).toBe(false);
    expect(last(conv('T: Maybe you could join a club at the library.', 'E: Yeah, it would not hurt to try.')).tags.advice).toBe(false);
    expect(last(conv('T: Where do you want to be next year?', 'E: Find a place with my cousin and get a job.')).tags.advice).toBe(false);
    // addressed to the listener, or answering the mentor's request for an idea: advice
    expect(last(conv('T: I never know what to cook.', 'E: Make pasta, you will like it.')).tags.advice).toBe(true);
    expect(last(conv('T: What should I do about my noisy neighbours?', 'E: Talk to them first.')).tags.advice).toBe(true);
    // the mentor's imperative is advice as before
    expect(last(conv('E: I am stressed about work.', 'T: Drink some tea and go to bed early.')).tags.advice).toBe(true);
  });

  it('counselling process talk about the listener is not the helper\'s disclosure; own content is (§4.1)', () => {
    const c = tagConversation(conv(
      'E: My sister keeps taking my stuff.',
      'T: I was thinking about how that makes things hard for you.',
      'T: I\'m hearing that you don\'t want to fight with her, you know.',
      'T: I\'d love to hear more from you about it.',
      'T: Like I said, it is up to you.',
      'T: I was thinking about my own sister. She did that to me.',
      'E: I heard my mom crying last night.',
    ));
    expect(c.slice(1, 5).map((t) => t.tags.selfDisclosure)).toEqual([false, false, false, false]);
    expect(c[3]!.tags.emotion).toBe(false); // "I'd love to…" is a wish, not the feeling
    expect(c[5]!.tags.selfDisclosure).toBe(true);
    expect(c[6]!.tags.selfDisclosure).toBe(true);
    expect(last(conv('E: I love my new job.')).tags.emotion).toBe(true);
    expect(last(conv('E: I would love to go to Paris.')).tags).toMatchObject({ selfDisclosure: true, emotion: false });
  });

  it('the listener\'s difficulty and a feeling verb used as an imperative are not the speaker\'s emotion (§4.2, §4.5.1)', () => {
    const c = tagConversation(conv(
      'E: My friends keep leaving me out.',
      'T: I know it is hard. Talk to one of them alone.',
      'T: It is really tough but you can get through it!',
      'T: Worry about it when it actually happens.',
    ));
    expect(c.slice(1).map((t) => t.tags.emotion)).toEqual([false, false, false]);
    expect(c.slice(1).map((t) => t.tags.reciprocatedDisclosure)).toEqual([false, false, false]);
    // the speaker's own difficulty and feeling fragments stay
    expect(last(conv('T: How was your week?', 'E: It has been hard but I am okay.')).tags.emotion).toBe(true);
    expect(last(conv('T: How are you?', 'E: Worried about my exam.')).tags.emotion).toBe(true);
    expect(last(conv('T: How are you?', 'E: Sad about my dog.')).tags.emotion).toBe(true);
  });

  it('a reflection voiced in the first person is not the mentor\'s disclosure; a parallel story is', () => {
    const v = tagConversation(conv('E: After work I am too tired to exercise, I just sit at home.', 'T: So after work you feel too tired.', 'E: Yeah.', 'T: I want to exercise after work.'));
    expect(v[3]!.tags.selfDisclosure).toBe(false);
    const r = tagConversation(conv('E: After work I am too tired to exercise.', 'T: I used to come home from my shifts exhausted and skip the gym too.'));
    expect(r[1]!.tags).toMatchObject({ selfDisclosure: true, reciprocatedDisclosure: true });
  });

  it('the topic lexicon knows everyday money, health and work words (§4.4 same topic)', () => {
    const m = tagConversation(conv('T: I had to borrow from my brother last winter.', 'E: I owe my landlord two months.'));
    expect(m[1]!.detail.reciprocates?.topicMatch).toBe('same_topic');
    const h = tagConversation(conv('T: My aunt had cancer treatment last year.', 'E: My grandpa is in recovery after surgery.'));
    expect(h[1]!.tags.reciprocatedDisclosure).toBe(true);
    const no = tagConversation(conv('T: I had to borrow from my brother last winter.', 'E: I got a new puppy.'));
    expect(no[1]!.tags.reciprocatedDisclosure).toBe(false);
  });

  it('a maxim introduced as a saying is advice (§4.5.6)', () => {
    expect(last(conv('E: I hate waiting for the results.', 'T: As they say, slow and steady wins the race.')).tags.advice).toBe(true);
    expect(last(conv('E: I hate waiting for the results.', 'T: The results come out on Friday.')).tags.advice).toBe(false);
  });

  it('a mentor relaying someone else\'s suggestion advises; a mentor\'s general statement after their own story is not a disclosure', () => {
    const r = tagConversation(conv("E: I can't afford the concert.", 'T: My cousin suggested buying tickets a year early.'));
    expect(r[1]!.tags.advice).toBe(true);
    expect(r[1]!.evidence.find((e) => e.tag === 'advice')?.rule).toBe('ADV-RELAYED');
    expect(last(conv('E: How do you get to work?', 'T: My mom suggested I take the bus.')).tags.advice).toBe(false);
    const g = tagConversation(conv('T: I had a bad week.', 'T: It is not recommended to skip meals.'));
    expect(g[1]!.tags.selfDisclosure).toBe(false);
    // a mentee's next message about their family still goes on with their story
    const m = tagConversation(conv('T: Tell me about home.', 'E: I live with my two sons.', 'E: one son is working and one is doing college at home'));
    expect(m[2]!.tags.selfDisclosure).toBe(true);
  });

  it('"I think <doing something> you…" is an opinion about the listener\'s action, not a disclosure', () => {
    expect(last(conv('E: I drink most nights.', 'T: I think cutting down the drinks you have would help.')).tags.selfDisclosure).toBe(false);
    expect(last(conv('T: What do you like?', 'E: I think running is fun.')).tags.selfDisclosure).toBe(true);
  });

  it('helper stance toward the listener is not self-disclosure (§4.1 exclude, §4.5.5)', () => {
    expect(last(conv('E: Thanks for the call.', 'T: I was able to chat with you today.')).tags.selfDisclosure).toBe(false);
    expect(last(conv('E: Can you help?', 'T: I can help you find the form.')).tags.selfDisclosure).toBe(false);
    // ability about the speaker's own life stays a disclosure
    expect(last(conv('T: How was swimming?', 'E: I can swim across the pool now.')).tags.selfDisclosure).toBe(true);
    expect(last(conv('E: Hi.', 'T: I was able to fix my bike yesterday.')).tags.selfDisclosure).toBe(true);
  });

  it('a stance put to the speaker ("…is worrying to me") is not a disclosure to reciprocate (§4.4)', () => {
    const u = tagConversation(conv('T: Your missing school is worrying to me.', 'E: I missed two days.', 'T: Okay.', 'E: I stayed home with my brother.'));
    expect(u[1]!.tags.reciprocatedDisclosure).toBe(false);
    expect(u[3]!.tags.reciprocatedDisclosure).toBe(false);
    // a real disclosure in the same place is reciprocated
    const r = tagConversation(conv('T: I missed a lot of school when I was sick.', 'E: I missed school too when I was sick.'));
    expect(r[1]!.tags.reciprocatedDisclosure).toBe(true);
  });

  it('negation is clause-scoped (§4.5.2)', () => {
    const denied = last(conv("E: I'm not sad about it."));
    expect(denied.tags.emotion).toBe(false);
    expect(denied.tags.selfDisclosure).toBe(true);
    expect(denied.detail.emotionTerms[0]).toMatchObject({ term: 'sad', negated: true });
    const notOnly = last(conv("E: I'm not only sad but angry."));
    expect(notOnly.detail.emotionTerms.find((t) => t.term === 'angry')?.negated).toBe(false);
    expect(notOnly.tags.emotion).toBe(true);
    const nextClause = last(conv("E: It's not my fault, but I'm scared."));
    expect(nextClause.tags.emotion).toBe(true);
  });

  it('ellipsis after a feeling question inherits the emotion; "No" does not (§3, §4.5.2)', () => {
    const yes = last(conv('T: Were you scared at the dentist?', 'E: Yeah. A lot.'));
    expect(yes.tags).toMatchObject({ selfDisclosure: true, emotion: true });
    expect(yes.evidence.some((e) => e.rule === 'EMO-ELLIPSIS')).toBe(true);
    const no = last(conv('T: Were you scared at the dentist?', 'E: No.'));
    expect(no.tags).toMatchObject({ selfDisclosure: true, emotion: false });
  });

  it('"That\'s right." / "True." confirm a reflection like a yes; "Sounds like you want…" is a reflection (§4.5.3)', () => {
    expect(last(conv('T: So you are nervous about the new job.', "E: That's right.")).tags).toMatchObject({ selfDisclosure: true, emotion: true });
    expect(last(conv('T: You like your teacher.', 'E: True.')).tags).toMatchObject({ selfDisclosure: true, emotion: false });
    expect(last(conv('T: Sounds like you want to move out.', 'E: Yeah.')).tags.selfDisclosure).toBe(true);
    expect(last(conv('T: I think you are scared of the dark.', 'E: Yes.')).tags).toMatchObject({ selfDisclosure: true, emotion: true });
    // agreeing with a fact about the world, or with advice, discloses nothing
    expect(last(conv('T: The bus comes at eight.', "E: That's true.")).tags.selfDisclosure).toBe(false);
    expect(last(conv('T: I think you should call her.', 'E: Yes.')).tags.selfDisclosure).toBe(false);
    // "Your goal is…" sums up the listener's own thing; "You there?" checks the line
    expect(last(conv('T: Okay. Your goal is walk the dog every day.', 'E: Oh. Yeah.')).tags.selfDisclosure).toBe(true);
    expect(last(conv('T: Hi Sam, it is Jo. You there?', "E: Yeah I'm here.")).tags.selfDisclosure).toBe(false);
    expect(last(conv('T: Okay Sam, today we talk about jobs.', 'E: Okay.')).tags.selfDisclosure).toBe(false);
    expect(tagConversation(conv('T: Okay Sam, today we talk about jobs.'))[0]!.tags.selfDisclosure).toBe(false);
  });

  it('a reflection answered with "Yeah" inherits what it names (§4.5.3)', () => {
    expect(last(conv("T: So you're nervous about the new bus route.", 'E: Yeah.')).tags.emotion).toBe(true);
    const pref = last(conv("T: You'd rather not talk about your brother.", 'E: Yeah.'));
    expect(pref.tags).toMatchObject({ selfDisclosure: true, emotion: false });
    // the same "Yeah" with no question before it is a back-channel
    const bc = last(conv('T: My cousin has a red car.', 'E: Yeah.'));
    expect(bc.detail.backchannel).toBe(true);
    expect(Object.values(bc.tags).some(Boolean)).toBe(false);
  });

  it('"I\'m worried about you" is emotion and disclosure, not reciprocation or advice (§4.5.5)', () => {
    const t = last(conv('E: My dad lost his job and I stay in my room a lot.', "T: I'm worried about you."));
    expect(t.tags).toEqual({ selfDisclosure: true, emotion: true, advice: false, reciprocatedDisclosure: false });
  });

  it('more forms of advice: a gerund that will help you, "Could you…?", "Do you think it might be time to…?" (§4.3)', () => {
    const p = 'E: I keep forgetting my homework.';
    for (const u of [
      'T: Using a checklist might keep you on track.',
      'T: Maybe setting an alarm will remind you.',
      'T: Could you put a note on your door?',
      'T: Do you think it might be time to ask your teacher?',
      'T: Just remember not to leave it until Sunday night.',
      'T: You really do need to write it down somewhere.',
      'T: Maybe you two can study together after school.',
      'T: Would it be possible to do it right after class?',
      'T: The best thing for you to do is to pack your bag at night.',
    ]) expect(last(conv(p, u)).tags.advice, u).toBe(true);
    // requests to the speaker, questions about the listener's view and the speaker's own habit are not advice
    for (const u of ['T: Could you tell me more about that?', 'T: Could you say that again?', 'T: Do you think it is fair?', 'T: Talking to you really helps me.']) {
      expect(last(conv(p, u)).tags.advice, u).toBe(false);
    }
  });

  it('suggestion questions are advice, permission-asking is not (§4.5.6)', () => {
    expect(last(conv('T: Have you tried writing it down?')).tags.advice).toBe(true);
    expect(last(conv('T: Why don\'t you ask your coach?')).tags.advice).toBe(true);
    expect(last(conv('T: Can I share an idea with you?')).tags.advice).toBe(false);
    expect(last(conv('T: What do you want to talk about today?')).tags.advice).toBe(false);
    const f = last(conv('T: If they push you again, tell the bus driver.'));
    expect(f.tags.advice).toBe(true);
    expect(f.detail.adviceForm).toBe('conditional');
  });

  it('encouragement and praise are not advice; a "don\'t" imperative is (§4.5.7)', () => {
    expect(last(conv('T: You can do it!')).tags.advice).toBe(false);
    expect(last(conv('T: Hang in there.')).tags.advice).toBe(false);
    expect(last(conv('T: Good job!')).tags.advice).toBe(false);
    expect(last(conv("T: Don't let them push you around.")).tags.advice).toBe(true);
    expect(last(conv('T: The pool opens at noon.')).tags.advice).toBe(false);
  });

  it('simple-language answers of degree ("Little bit.", "A lot.") confirm a feeling question; "Miss Ana" is a title', () => {
    const c = tagConversation(conv('T: Big game Saturday! You scared?', 'E: Little bit. My legs feel weird.', 'T: Me too, before my games. My belly hurts.'));
    expect(c[1]!.tags).toMatchObject({ selfDisclosure: true, emotion: true });
    expect(c[2]!.tags).toMatchObject({ selfDisclosure: true, emotion: true, reciprocatedDisclosure: true });
    expect(last(conv('T: You happy about the trip?', 'E: A lot!')).tags.emotion).toBe(true);
    expect(last(conv('T: What will you do?', 'E: I ask Miss Ana at school.')).tags.emotion).toBe(false);
    expect(last(conv('T: How is your week?', 'E: I miss Ana. She moved.')).tags.emotion).toBe(true);
  });

  it('simple-language turns: "me" as subject, missing copula, fragments', () => {
    expect(last(conv('E: Me scared.')).tags).toMatchObject({ selfDisclosure: true, emotion: true });
    expect(last(conv('T: Do you like the new job?', 'E: No like it.')).tags.selfDisclosure).toBe(true);
    expect(last(conv('T: How was your week?', 'E: Bad. Me sad.')).tags).toMatchObject({ selfDisclosure: true, emotion: true });
    expect(last(conv('T: What do you do after school?', 'E: Play games.')).tags.advice).toBe(false);
  });

  it('back-channels are never tagged', () => {
    for (const bc of ['Mm-hmm.', 'Okay.', 'Cool.', 'Yeah yeah.', 'Oh wow.']) {
      const t = last(conv('T: I went to the lake on Sunday.', `E: ${bc}`));
      expect(t.detail.backchannel, bc).toBe(true);
      expect(t.evidence).toEqual([]);
    }
  });

  it('explicit links come in several forms: "as well", an emphatic "myself", "had that happen", "feel the same" (§4.4)', () => {
    const rec = (d: string, u: string) => last(conv(`E: ${d}`, `T: ${u}`));
    for (const [d, u] of [
      ['I get really nervous before tests.', 'I got nervous before big tests as well.'],
      ['I play video games every night.', 'I do love video games myself.'],
      ['Somebody stole my bike.', 'I had that happen to me last summer.'],
      ['I am so stressed about money right now.', 'We all feel the same right now, honestly.'],
    ]) {
      const t = rec(d!, u!);
      expect(t.tags.reciprocatedDisclosure, u).toBe(true);
      expect(t.detail.reciprocates?.topicMatch, u).toBe('explicit_link');
    }
    // a link whose own sentence names no subject answers the partner even when a later sentence does ("In middle school.")
    const named = tagConversation(conv('E: The kids on my bus call me names.', 'T: How does that make you feel?', 'E: Mad. And sad.', 'T: I am sorry. That happened to me too. In middle school.')).at(-1)!;
    expect(named.tags.reciprocatedDisclosure).toBe(true);
    expect(named.detail.reciprocates?.topicMatch).toBe('explicit_link');
    // a link back to the wrong subject is still only loose
    const clash = tagConversation(conv('E: I failed my driving test.', 'T: Oh no.', 'E: Yeah.', 'T: I hated my landlord too.')).at(-1)!;
    expect(clash.tags.reciprocatedDisclosure).toBe(false);
    // a link to "the same" experience takes over the partner's feeling, as "Me too." does
    expect(rec('I am worried about money.', 'I had the same concerns when I lost my job.').tags.emotion).toBe(true);
    expect(rec('I feel ashamed all the time.', "I've gone through the same thing, and time helped.").tags.emotion).toBe(true);
    expect(rec('I went to the beach.', 'I had the same idea last week.').tags.emotion).toBe(false);
    // not links: "as well as", "by myself", "did it myself"
    expect(rec('I like drawing.', 'I cooked dinner as well as I could yesterday.').detail.reciprocates?.topicMatch).not.toBe('explicit_link');
    expect(rec('I like drawing.', 'I fixed the car myself.').detail.reciprocates?.topicMatch).not.toBe('explicit_link');
    expect(rec('I like drawing.', 'I went to the store by myself.').detail.reciprocates?.topicMatch).not.toBe('explicit_link');
  });

  it('the shared-word topic test sees through word endings (§4.4 same topic)', () => {
    // "worried" / "worries", "interviewing" / "interview": same subject, no topic-lexicon word needed
    const t = last(conv('E: The interviewing part worries me the most.', 'T: Yes. I worried about my first interview for weeks.'));
    expect(t.tags.reciprocatedDisclosure).toBe(true);
    expect(t.detail.reciprocates?.topicMatch).toBe('same_topic');
  });

  it('reciprocation window is strict: N partner turns, explicit "too" further back is loose only (§4.4, §4.5.8)', () => {
    const inWindow = conv('E: I was nervous at my interview.', 'T: I was nervous at my first interview too.');
    expect(tagConversation(inWindow)[1]!.detail.reciprocates).toMatchObject({ turn: 0, lagTurns: 1, topicMatch: 'explicit_link' });
    const far = conv('E: My dog died last week.', 'T: Oh no.', 'E: Yeah.', 'T: Okay.', 'E: What did you eat?', 'T: Pizza.', 'E: Nice.', 'T: Hmm.', 'E: Cool.', 'T: My dog died when I was twelve too.');
    const t = tagConversation(far).at(-1)!;
    expect(t.tags.reciprocatedDisclosure).toBe(false);
    expect(t.detail.looseReciprocation).toBe(true);
    // the same pair is reciprocated with a wider window
    expect(tagConversation(far, undefined, { reciprocationWindow: 5 }).at(-1)!.tags.reciprocatedDisclosure).toBe(true);
    const otherTopic = conv('E: I like basketball.', 'T: I went to the doctor yesterday.');
    const o = tagConversation(otherTopic)[1]!;
    expect(o.tags.reciprocatedDisclosure).toBe(false);
    expect(o.detail.looseReciprocation).toBe(true);
    const advice = conv('E: I was nervous at my interview.', 'T: You should practise with your mom.');
    expect(tagConversation(advice)[1]!.tags).toMatchObject({ advice: true, reciprocatedDisclosure: false, selfDisclosure: false });
  });

  it('support-person turns are tagged but are nobody\'s dyad partner', () => {
    const r = tagConversation(conv('E: I got a new fish.', 'O: I had a fish too when I was a kid.'));
    expect(r[1]!.tags.selfDisclosure).toBe(true);
    expect(r[1]!.tags.reciprocatedDisclosure).toBe(false);
  });

  it('mentor response to a mentee disclosure follows §5 priority', () => {
    const r = tagConversation(conv('E: I failed my driving test.', 'T: Mm-hmm.', 'T: What happened on the test?'));
    expect(r[0]!.detail.mentorResponse).toMatchObject({ primary: 'question_followup', turn: 2 });
    const r2 = tagConversation(conv('E: I failed my driving test.', 'T: I failed mine the first time too. Practise parking with your dad.'));
    expect(r2[0]!.detail.mentorResponse).toMatchObject({ primary: 'reciprocated_disclosure', advice: true, reciprocated: true });
    expect(tagConversation(conv('E: I failed my driving test.'))[0]!.detail.mentorResponse?.primary).toBe('no_response');
  });

  it('every positive has evidence spans inside the text with a known rule id', () => {
    const cb = loadCodebook();
    const rows = readFileSync(new URL('../fixtures/labelled.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { speaker: Speaker; text: string; turn: number });
    for (const t of tagConversation(rows.map((r) => T(r.speaker, r.text, r.turn)), cb)) {
      for (const tag of TAG_NAMES) {
        if (t.tags[tag]) expect(t.evidence.some((e) => e.tag === tag), `${tag}: ${t.text}`).toBe(true);
      }
      for (const e of t.evidence) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeGreaterThan(e.start);
        expect(e.end).toBeLessThanOrEqual(t.text.length);
        expect(cb.rules[e.rule], e.rule).toBeDefined();
      }
    }
  });

  it('tags words named like Object.prototype members ("constructor", "toString", "__proto__") like any word', () => {
    const words = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype'];
    const c = tagConversation(conv(...words.map((w) => `E: My ${w} broke and I'm sad. I ${w}n't go, ${w}'s gone.`)));
    expect(c).toHaveLength(words.length);
    for (const t of c) {
      expect(t.tags).toMatchObject({ selfDisclosure: true, emotion: true });
      for (const e of t.evidence) expect(typeof e.rule).toBe('string');
    }
  });

  it('is deterministic and keeps input order', () => {
    const c = conv('T: How was work?', 'E: Tiring. My boss yelled at me.', 'T: That sounds hard. I had a boss like that too.', 'E: Yeah.');
    const a = tagConversation(c);
    expect(tagConversation(c)).toEqual(a);
    expect(a.map((x) => x.turn)).toEqual([0, 1, 2, 3]);
  });
});

describe('codebook as data', () => {
  it('has a version and an extra dictionary changes the version and tags a new term', () => {
    expect(loadCodebook().version).toBe(CODEBOOK_VERSION);
    const before = last(conv('E: I felt jittery.'));
    expect(before.detail.emotionTerms.some((t) => t.term === 'jittery')).toBe(true); // already in the base lexicon
    const novel = conv('E: I was so flummoxed at the meeting.');
    expect(tagConversation(novel)[0]!.tags.emotion).toBe(false);
    const cb = loadCodebook({ extraTerms: { emotion: { confusion: ['flummoxed'] } } });
    expect(cb.version).toMatch(/^0\.2\.0\+custom\.[0-9a-f]{8}$/);
    const t = tagConversation(novel, cb)[0]!;
    expect(t.tags.emotion).toBe(true);
    expect(t.detail.emotionTerms[0]).toMatchObject({ term: 'flummoxed', category: 'confusion', valence: 'negative' });
    expect(t.codebookVersion).toBe(cb.version);
    expect(loadCodebook({ extraTerms: { emotion: { confusion: ['flummoxed'] } } }).version).toBe(cb.version);
    expect(loadCodebook({ extraTerms: { emotion: { confusion: ['bamboozled'] } } }).version).not.toBe(cb.version);
  });
});

describe('agreement scoring', () => {
  it('computes P/R/F1/kappa from a known table', () => {
    const c = emptyConfusion();
    for (const [g, p, n] of [[true, true, 20], [false, true, 5], [true, false, 10], [false, false, 15]] as const) for (let i = 0; i < n; i++) addPair(c, g, p);
    const s = score(c);
    expect(s.precision).toBeCloseTo(0.8);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.f1).toBeCloseTo(0.7273, 3);
    // po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5 → κ = 0.4
    expect(s.kappa).toBeCloseTo(0.4);
  });
});
