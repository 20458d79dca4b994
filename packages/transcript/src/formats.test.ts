import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from './index.js';
import type { Format } from './index.js';
import { makeDocx } from './testing/zip.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name));
const parseFixture = (name: string) => parseTranscript(fixture(name), { filename: name });
const T = (speaker: string, text: string, start?: number, end?: number) => ({
  speaker,
  text,
  ...(start !== undefined ? { start } : {}),
  ...(end !== undefined ? { end } : {}),
});
const strip = (turns: { speaker: string; text: string; start?: number; end?: number }[]) =>
  turns.map((t) => T(t.speaker, t.text, t.start, t.end));

describe('plain text', () => {
  it('Otter blocks: "Name  0:03" then text lines', async () => {
    const p = await parseFixture('otter.txt');
    expect(p.format).toBe('txt');
    expect(strip(p.turns)).toEqual([
      T('Maya Lopez', 'Hi Jordan! How was your week?', 3),
      T('Jordan', 'Good.', 7),
      T('Maya Lopez', 'Good? What did you do on Saturday?', 9),
      T('Jordan', 'Bowling. With my dad. I got a strike.', 14),
      T('Maya Lopez', 'A strike! That is so cool. Were you nervous?', 21),
      T('Jordan', 'Yeah. Bad. me scared', 26),
      T('Support Person', 'He was a bit worried about the loud noise at first.', 31),
      T('Maya Lopez', 'That makes sense. Loud places can be a lot. What helped?', 36),
      T('Jordan', 'Headphones.', 41),
    ]);
    expect(p.turns.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p.speakers).toEqual([{ name: 'Maya Lopez' }, { name: 'Jordan' }, { name: 'Support Person', label: 'other' }]);
  });

  it('typed "Name: text" with continuation lines, a preamble and merged same-speaker lines', async () => {
    const p = await parseFixture('typed.txt');
    expect(strip(p.turns)).toEqual([
      T('Mentor', 'Hi Jordan. Can you hear me okay?'),
      T('Jordan', 'yes'),
      T('Mentor', 'Great. Last time you said you wanted to practise ordering food. How did that go?'),
      T('Jordan', 'I did it. At the cafe. I said hot chocolate please.'),
      T('Mentor', "You did it yourself? I'm really proud of you."),
      T('Mom', 'He practised in the car on the way there, twice.'),
      T('Jordan', 'Mom!'),
      T('Mentor', "That's a smart plan. Practising first is what I do too."),
      T('Jordan', 'Yeah. Bad. me scared but I did it'),
      T('Mentor', 'Being scared and doing it anyway is brave.'),
    ]);
    expect(p.warnings).toEqual(['skipped 2 line(s) before the first speaker']);
    expect(p.speakers.map((s) => s.label)).toEqual(['mentor', undefined, 'other']);
  });

  it('timestamps: [00:01:02] Name:, Name (1:02):, 00:01:02 Name:', async () => {
    const p = await parseFixture('timestamps.txt');
    expect(strip(p.turns)).toEqual([
      T('Maya', 'Hey Jordan, ready to talk about your job trial?', 2),
      T('Jordan', 'ok', 6),
      T('Maya', 'What job was it?', 8),
      T('Jordan', 'Stacking shelves. At the store.', 11),
      T('Maya', 'Did you like it?', 15),
      T('Jordan', 'Yes. Boss nice.', 18),
      T('Staff', 'Jordan did really well on his first shift.', 22),
      T('Maya', "That's awesome, Jordan!", 27),
      T('Jordan', 'thank you', 30.5),
    ]);
  });

  it('does not take sentences with a colon for speakers', async () => {
    const text = 'Sam: I told him this:\nI told him: no way\nJo: ok\nNote: bring the photos\nSam: see you';
    const p = await parseTranscript(Buffer.from(text));
    expect(strip(p.turns)).toEqual([
      T('Sam', 'I told him this: I told him: no way'),
      T('Jo', 'ok Note: bring the photos'),
      T('Sam', 'see you'),
    ]);
  });

  it('speaker name variants are one speaker, shown as first written', async () => {
    const p = await parseTranscript(Buffer.from('Sam  Lee: hi\nJo: hey\nsam lee : how are you\nJO: good'));
    expect(p.speakers.map((s) => s.name)).toEqual(['Sam Lee', 'Jo']);
    expect(p.turns.map((t) => t.speaker)).toEqual(['Sam Lee', 'Jo', 'Sam Lee', 'Jo']);
  });
});

describe('WebVTT', () => {
  it('Zoom display names with pronouns and cues before the first speaker', async () => {
    const vtt = 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nrecording started\n\n2\n00:00:01.000 --> 00:00:02.000\nMaya Lopez (she/her): hi Jordan\n\n3\n00:00:02.000 --> 00:00:03.000\nJordan: hi\n';
    const p = await parseTranscript(Buffer.from(vtt));
    expect(strip(p.turns)).toEqual([T('Maya Lopez (she/her)', 'hi Jordan', 1, 2), T('Jordan', 'hi', 2, 3)]);
    expect(p.warnings).toEqual(['1 line(s) before the first named speaker were skipped']);
  });

  it('Zoom: "Name: text" inside cues, multi-line cues, same-speaker cues merged', async () => {
    const p = await parseFixture('zoom.vtt');
    expect(p.format).toBe('vtt');
    expect(strip(p.turns)).toEqual([
      T('Maya Lopez', 'Hi Jordan! How was your week?', 1.2, 4.1),
      T('Jordan Smith', 'Good.', 4.9, 5.6),
      T('Maya Lopez', 'Good? What did you do on Saturday?', 6, 9.75),
      T('Jordan Smith', 'Bowling. I got a strike.', 10.1, 13.4),
      T('Mom', 'He talked about it all weekend.', 14, 16.25),
      T('Maya Lopez', 'That is so cool!', 16.8, 19),
    ]);
  });

  it('voice tags (with and without </v>, classes), cue settings, NOTE/STYLE, entities, two voices in one cue', async () => {
    const p = await parseFixture('voices.vtt');
    expect(strip(p.turns)).toEqual([
      T('Maya', 'Hi Jordan, are you ready?', 0.5, 3),
      T('Jordan', 'Ready.', 3.5, 4.2),
      T('Maya', 'Today we talk about making friends at work.', 4.5, 8),
      T('Jordan', 'me scared of new people', 8.5, 11),
      T('Support Person', 'He likes the lunch group & the quiz.', 11.5, 14),
      T('Maya', 'That sounds fun.', 14.5, 16),
      T('Jordan', 'Yeah.', 14.5, 16),
    ]);
    expect(p.warnings).toEqual([]);
  });
});

describe('SRT', () => {
  it('"Name:" and "[Name]" prefixes; a cue without a speaker continues the previous one', async () => {
    const p = await parseFixture('session.srt');
    expect(p.format).toBe('srt');
    expect(strip(p.turns)).toEqual([
      T('Maya', 'Hi Jordan! What did you eat today?', 1, 3.5),
      T('Jordan', 'Pizza. And juice.', 4, 6.8),
      T('Maya', 'Pizza and juice, nice. Was it at home?', 7, 10),
      T('Mom', "At his grandma's house.", 10.5, 12),
      T('Jordan', 'Yeah.', 12.5, 13),
    ]);
  });
});

describe('CSV / TSV', () => {
  it('CSV with synonyms (Participant, Utterance, Start_Time), quoted newlines and doubled quotes', async () => {
    const p = await parseFixture('session.csv');
    expect(p.format).toBe('csv');
    expect(strip(p.turns)).toEqual([
      T('Maya', 'Hi Jordan, how are you feeling today?', 1, 3.5),
      T('Jordan', 'Tired.', 4, 4.8),
      T('Maya', 'Tired? Did you sleep okay?', 5, 7),
      T('Jordan', 'No. Loud. Neighbours loud.', 7.5, 10),
      T('Mom', 'There was a party next door, "until 2am".', 10.5, 13),
      T('Maya', 'That sounds hard.', 13.5, 15),
    ]);
  });

  it('TSV with seconds, merging consecutive rows', async () => {
    const p = await parseFixture('session.tsv');
    expect(p.format).toBe('tsv');
    expect(strip(p.turns)).toEqual([
      T('Maya', 'What do you want to talk about today?', 1.5, 3),
      T('Jordan', 'My cat. Her name is Pickles.', 3.5, 5.5),
      T('Maya', 'Pickles! I love that name.', 6, 8),
      T('Aide', 'Jordan, show Maya the photo.', 8.5, 10),
    ]);
  });

  it('semicolon CSV, case-insensitive headers, ms columns, extra columns, empty speaker continues', async () => {
    const csv = 'ID;SPEAKER NAME;Content;Start (ms);End (ms)\n1;Maya;Hi;1000;2500\n2;;there;2600;3000\n3;Jordan;hi;3500;4000\n';
    const p = await parseTranscript(Buffer.from(csv), { filename: 'x.csv' });
    expect(strip(p.turns)).toEqual([T('Maya', 'Hi there', 1, 3), T('Jordan', 'hi', 3.5, 4)]);
  });
});

describe('JSON', () => {
  it('WhisperX segments with SPEAKER_xx labels', async () => {
    const p = await parseFixture('whisperx.json');
    expect(strip(p.turns)).toEqual([
      T('SPEAKER_00', 'Hi Jordan, how did the bus trip go?', 0.52, 2.9),
      T('SPEAKER_01', 'Good. I did it alone.', 3.4, 5.6),
      T('SPEAKER_00', 'Alone? Wow. Were you scared?', 6, 8.25),
      T('SPEAKER_01', 'A little.', 8.5, 9.1),
      T('SPEAKER_02', 'He texted me from every stop.', 9.5, 12),
    ]);
  });

  it('AssemblyAI utterances in milliseconds, speakers "A"/"B" shown as "Speaker A"', async () => {
    const p = await parseFixture('assemblyai.json');
    expect(strip(p.turns)).toEqual([
      T('Speaker A', 'Hi Jordan.', 0.24, 1.1),
      T('Speaker B', 'Hi.', 1.4, 1.75),
      T('Speaker A', 'What did you cook this week?', 2, 3.9),
      T('Speaker B', 'Pasta. Me cook.', 4.3, 6.05),
    ]);
  });

  it('plain [{speaker, text}] array with role labels', async () => {
    const p = await parseFixture('plain.json');
    expect(strip(p.turns)).toEqual([
      T('Mentor', 'What are you proud of this week?'),
      T('Mentee', 'My drawing.'),
      T('Mentor', 'Can you tell me about it?'),
      T('Mentee', 'A dog. Big dog.'),
      T('Parent', 'It is on the fridge now.'),
    ]);
    expect(p.speakers.map((s) => s.label)).toEqual(['mentor', 'mentee', 'other']);
  });

  it('JSON Lines (our own CLI output) reads back', async () => {
    const jsonl = '{"index":0,"speaker":"Sam","text":"hi","start":1}\n{"index":1,"speaker":"Jo","text":"hey","start":2,"end":3}\n';
    const p = await parseTranscript(Buffer.from(jsonl), { filename: 'turns.jsonl' });
    expect(strip(p.turns)).toEqual([T('Sam', 'hi', 1), T('Jo', 'hey', 2, 3)]);
  });

  it('undiarised Whisper output with "Name:" in the text', async () => {
    const j = JSON.stringify({ segments: [{ start: 0, end: 1, text: ' Mentor: hi there' }, { start: 1, end: 2, text: ' Mentee: hi' }] });
    const p = await parseTranscript(Buffer.from(j));
    expect(strip(p.turns)).toEqual([T('Mentor', 'hi there'), T('Mentee', 'hi')]);
  });
});

describe('CHAT', () => {
  it('participants with names and roles, tab continuations, % tiers skipped, markup cleaned into text, raw kept, time bullets', async () => {
    const p = await parseFixture('session.cha');
    expect(p.format).toBe('cha');
    expect(p.turns.map((t) => ({ ...T(t.speaker, t.text, t.start, t.end), raw: t.raw }))).toEqual([
      { ...T('Maya Lopez', 'hi Jordan, how was school?', 1.2, 3.4), raw: 'hi Jordan , how was school ?' },
      { ...T('Jordan', 'good good.', 4, 5.6), raw: '&-um good [/] good .' },
      { ...T('Maya Lopez', 'what was the best part?', 6, 7.5), raw: 'what was the best part ?' },
      { ...T('Jordan', 'I played I play basketball. with friends', 8, 12), raw: '<I played> [//] I play basketball . with xxx friends +...' },
      { ...T('Linda', 'he scored two baskets because he practised.', 12.5, 15), raw: 'he scored two baskets (be)cause he practised [!] .' },
      { ...T('Maya Lopez', 'that is amazing Jordan!', 15.2, 17), raw: 'that is amazing Jordan !' },
    ]);
    expect(p.speakers).toEqual([
      { name: 'Maya Lopez', label: 'mentor', code: 'MEN' },
      { name: 'Jordan', label: 'mentee', code: 'CHI' },
      { name: 'Linda', label: 'other', code: 'MOT' },
    ]);
  });

  it('raw is left out when cleaning changes nothing', async () => {
    const p = await parseTranscript(Buffer.from('@Begin\n@Participants:\tCHI Target_Child, INV Investigator\n*INV:\thello\n*CHI:\thi\n@End\n'));
    expect(p.turns).toEqual([
      { index: 0, speaker: 'INV', text: 'hello' },
      { index: 1, speaker: 'CHI', text: 'hi' },
    ]);
    expect(p.speakers).toEqual([
      { name: 'INV', code: 'INV' },
      { name: 'CHI', label: 'mentee', code: 'CHI' },
    ]);
  });
});

describe('DOCX', () => {
  it('typed in Word: paragraphs, a soft line break, curly apostrophes, a title line skipped', async () => {
    const p = await parseFixture('typed.docx');
    expect(p.format).toBe('docx');
    expect(strip(p.turns)).toEqual([
      T('Mentor', 'Hi Jordan! What’s new?'),
      T('Jordan', 'New shoes.'),
      T('Mentor', 'New shoes! What colour?'),
      T('Jordan', 'Red. Red and white.'),
      T('Mom', 'He picked them himself at the shop.'),
      T('Mentor', 'Great choice, Jordan. Café after the session?'),
      T('Jordan', 'Yes!'),
    ]);
  });

  it('Otter export saved as Word', async () => {
    const p = await parseFixture('otter.docx');
    expect(strip(p.turns)).toEqual([
      T('Maya Lopez', 'Hey Jordan, how was the swimming lesson?', 2),
      T('Jordan', 'Cold.', 6),
      T('Maya Lopez', 'Cold! Did you still swim?', 8),
      T('Jordan', 'Yes. Two lengths.', 11),
    ]);
  });

  it('a Zoom VTT pasted into Word (no blank lines between cues) is read as cues', async () => {
    const doc = makeDocx(['WEBVTT', '1', '00:00:01.000 --> 00:00:02.000', 'Sam: hi', '2', '00:00:02.500 --> 00:00:03.000', 'Jo: hey']);
    const p = await parseTranscript(doc, { filename: 'pasted.docx' });
    expect(p.format).toBe('docx');
    expect(strip(p.turns)).toEqual([T('Sam', 'hi', 1, 2), T('Jo', 'hey', 2.5, 3)]);
  });

  it('a Speaker | Text table (with an optional time column) in Word', async () => {
    const doc = makeDocx([
      'Session 7',
      [['Maya', 'Did you bring the photos?'], ['Jordan', 'Yes.\nThree.'], ['Mom', 'They are in his bag.']],
      [['00:01:10', 'Maya', 'Show me!'], ['00:01:14', 'Jordan', 'Look.']],
    ]);
    const p = await parseTranscript(doc, { filename: 'table.docx' });
    expect(strip(p.turns)).toEqual([
      T('Maya', 'Did you bring the photos?'),
      T('Jordan', 'Yes. Three.'),
      T('Mom', 'They are in his bag.'),
      T('Maya', 'Show me!', 70),
      T('Jordan', 'Look.', 74),
    ]);
  });

  it('detected by content even when the file name says .txt', async () => {
    const p = await parseTranscript(makeDocx(['Sam: hi', 'Jo: hey']), { filename: 'notes.txt' });
    expect(p.format).toBe('docx');
    expect(p.turns.length).toBe(2);
  });
});

describe('detection', () => {
  it('text that only looks like JSON falls back to the text rules', async () => {
    const p = await parseTranscript(Buffer.from('{laughs}\nSam: hi\nJo: hey\n'));
    expect(p.format).toBe('txt');
    expect(strip(p.turns)).toEqual([T('Sam', 'hi'), T('Jo', 'hey')]);
  });

  const cases: [string, Format][] = [
    ['otter.txt', 'txt'], ['typed.txt', 'txt'], ['timestamps.txt', 'txt'], ['zoom.vtt', 'vtt'], ['voices.vtt', 'vtt'],
    ['session.srt', 'srt'], ['session.csv', 'csv'], ['session.tsv', 'tsv'], ['whisperx.json', 'json'],
    ['assemblyai.json', 'json'], ['plain.json', 'json'], ['session.cha', 'cha'], ['typed.docx', 'docx'],
  ];
  it.each(cases)('%s → %s by content, whatever the file name', async (name, format) => {
    const p = await parseTranscript(fixture(name), { filename: 'upload.bin' });
    expect(p.format).toBe(format);
  });

  it('extension decides when the content is not conclusive', async () => {
    const csv = Buffer.from('who,said\nSam,hi\n');
    await expect(parseTranscript(csv, { filename: 'a.csv' })).rejects.toMatchObject({ format: 'csv', line: 1 });
  });

  it('explicit format wins', async () => {
    const p = await parseTranscript(fixture('session.srt'), { format: 'srt', filename: 'x.txt' });
    expect(p.format).toBe('srt');
  });
});
