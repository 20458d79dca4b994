import { describe, expect, it } from 'vitest';
import { redact, redactTurns } from './index.js';

const keep = { keepNames: ['Maya Lopez', 'Jordan'] };
const r = (text: string, opts: Parameters<typeof redact>[1] = keep) => redact(text, opts).text;

describe('names', () => {
  it('replaces gazetteer names, with their surname, and keeps the possessive', () => {
    expect(r('I saw Maria Gonzalez and Kevin at the store.')).toBe('I saw [NAME] and [NAME] at the store.');
    expect(r("We went to Kayla's house.")).toBe("We went to [NAME]'s house.");
    expect(r('Tomás helped me.')).toBe('[NAME] helped me.');
  });
  it('uses titles and relations for names the gazetteer does not know', () => {
    expect(r('Mr. Okonkwo said hi.')).toBe('Mr. [NAME] said hi.');
    expect(r('My friend Zorbek is funny.')).toBe('My friend [NAME] is funny.');
    expect(r('The new guy named Tobias is quiet.')).toBe('The new guy named [NAME] is quiet.');
    expect(r('I asked Nguyen for help.')).toBe('I asked [NAME] for help.');
  });
  it('needs a cue for names that are also words, months or places', () => {
    expect(r('Will you ask Will about it?')).toBe('Will you ask [NAME] about it?');
    expect(r('We go camping in May. May said no.')).toBe('We go camping in May. [NAME] said no.');
    expect(r('My appointment is on June 4th.')).toBe('My appointment is on June 4th.');
    expect(r('I hope you have a good day. Hope you are well.')).toBe('I hope you have a good day. Hope you are well.');
    expect(r('I went with Grace to the library.')).toBe('I went with [NAME] to the library.');
    expect(r('I went to Jordan with my church.', { keepNames: ['Maya'] })).toBe('I went to Jordan with my church.');
    expect(r('Jordan said he was tired.', { keepNames: ['Maya'] })).toBe('[NAME] said he was tired.');
  });
  it('leaves stores, brands and ordinary capitalised words alone', () => {
    expect(r('I went to Target and then Walmart on Monday.')).toBe('I went to Target and then Walmart on Monday.');
    expect(r('Christmas is my favorite. The Lakers won.')).toBe('Christmas is my favorite. The Lakers won.');
    expect(r('My cousin has a dog named Biscuit.')).toBe('My cousin has a dog named Biscuit.');
  });
  it('never replaces the dyad’s own names, their parts or possessives', () => {
    expect(r("Maya Lopez and Jordan talked. Maya's advice helped. Ms. Lopez is nice. JORDAN!")).toBe(
      "Maya Lopez and Jordan talked. Maya's advice helped. Ms. Lopez is nice. JORDAN!",
    );
    expect(r('Maria said hi', { keepNames: ['Maria'] })).toBe('Maria said hi');
    expect(r('Maria said hi', { keepNames: ['María'] })).toBe('Maria said hi');
  });
  it('always replaces known names (other speakers), in any case', () => {
    expect(r('then linda came in and Linda Morales sat down', { keepNames: ['Maya'], knownNames: ['Linda Morales'] })).toBe(
      'then [NAME] came in and [NAME] [NAME] sat down',
    );
  });
});

describe('phones', () => {
  it.each([
    ['555-201-3344'],
    ['(312) 555-0198'],
    ['617.555.0142'],
    ['5035550172'],
    ['+44 20 7946 0958'],
    ['1-800-555-0199'],
    ['555-0134'],
    ['555-410-2020 ext. 14'],
  ])('%s', (phone) => {
    const res = redact(`Call me at ${phone}.`, keep);
    expect(res.text).toBe('Call me at [PHONE].');
    expect(res.replacements[0]).toMatchObject({ type: 'PHONE', start: 11, end: 11 + phone.length, placeholder: '[PHONE]' });
  });
  it('reads spoken digit groups', () => {
    expect(r('My number is five five five, two one two, four four nine one.')).toBe('My number is [PHONE].');
  });
  it('does not take times, prices, scores, years or counts for phones', () => {
    const s = 'The bus comes at 3:45. It costs 12 dollars. We won 3-2 in 2024. I have 250 cards and room 204. One of us.';
    expect(r(s)).toBe(s);
  });
});

describe('e-mails', () => {
  it('written and dictated', () => {
    expect(r('Mail jordan.smith22@gmail.com or r.patel@county.gov.')).toBe('Mail [EMAIL] or [EMAIL].');
    expect(r("It's cooldude_99 at yahoo dot com.")).toBe("It's [EMAIL].");
    expect(r('tasha dot green at gmail dot com')).toBe('[EMAIL]');
  });
  it('not "look at gmail dot com"', () => {
    expect(r('Look at gmail dot com for it.')).toBe('Look at gmail dot com for it.');
  });
});

describe('addresses', () => {
  it('number + street + suffix, units, city/state/zip, PO boxes', () => {
    expect(r('I live at 42 Maple Street now.')).toBe('I live at [ADDRESS] now.');
    expect(r('We moved to 1187 West Jefferson Avenue, Apt 3B.')).toBe('We moved to [ADDRESS].');
    expect(r('It is 310 N. Main St., Springfield, IL 62701.')).toBe('It is [ADDRESS].');
    expect(r('Mail it to PO Box 4471 please.')).toBe('Mail it to [ADDRESS] please.');
    expect(r('i live at 12 cherry street')).toBe('i live at [ADDRESS]');
  });
  it('not street words without a number, nor counts before ordinary nouns', () => {
    const s = 'We live on a quiet street. The main road was closed. I drove 2 cars to the road. I like to drive.';
    expect(r(s)).toBe(s);
  });
});

describe('dates of birth', () => {
  it('only with a birth cue', () => {
    expect(r('I was born on March 3rd, 2005.')).toBe('I was born on [DOB].');
    expect(r("My birthday's on the 9th of December.")).toBe("My birthday's on [DOB].");
    expect(r('DOB: 2004-09-21')).toBe('DOB: [DOB]');
    expect(r('My date of birth is 04/12/2003.')).toBe('My date of birth is [DOB].');
  });
  it('leaves other dates alone', () => {
    const s = 'I started on March 3rd. The party is 04/12/2026. Our meeting is 2024-03-15. My birthday party is next month.';
    expect(r(s)).toBe(s);
  });
});

describe('result shape', () => {
  it('offsets refer to the original text and placeholders can be changed', () => {
    const text = 'Text Aaliyah at 555-334-9087.';
    const res = redact(text, { ...keep, placeholders: { NAME: '<person>' } });
    expect(res.text).toBe('Text <person> at [PHONE].');
    expect(res.replacements.map((x) => [x.type, text.slice(x.start, x.end), x.placeholder])).toEqual([
      ['NAME', 'Aaliyah', '<person>'],
      ['PHONE', '555-334-9087', '[PHONE]'],
    ]);
  });
  it('is pure: same input, same output; empty text is fine', () => {
    expect(redact('', keep)).toEqual({ text: '', replacements: [] });
    const s = 'My friend Carlos lives at 56 Pine Lane.';
    expect(redact(s, keep)).toEqual(redact(s, keep));
  });
  it('redactTurns keeps the other fields of each turn', () => {
    const out = redactTurns(
      [
        { speaker: 'Mentor', text: 'Hi Jordan, did Kevin call?' },
        { speaker: 'Mentee', text: 'Yes, at 555-123-4567.' },
      ],
      keep,
    );
    expect(out.map((t) => [t.speaker, t.text])).toEqual([
      ['Mentor', 'Hi Jordan, did [NAME] call?'],
      ['Mentee', 'Yes, at [PHONE].'],
    ]);
    expect(out[1]!.replacements).toHaveLength(1);
  });
});
