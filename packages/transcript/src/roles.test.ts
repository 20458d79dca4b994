import { describe, expect, it } from 'vitest';
import { DomainError } from '@dyadic/domain';
import { RoleMappingError, assignRoles, knownFromRoles, labelFromName, parseTranscript, speakerKey } from './index.js';
import type { SpeakerInfo } from './index.js';

const sp = (...names: (string | [string, SpeakerInfo['label']])[]): { speakers: SpeakerInfo[] } => ({
  speakers: names.map((n) => {
    if (typeof n === 'string') {
      const label = labelFromName(n);
      return label ? { name: n, label } : { name: n };
    }
    return n[1] ? { name: n[0], label: n[1] } : { name: n[0] };
  }),
});

function roleError(fn: () => unknown): RoleMappingError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RoleMappingError);
    expect(err).toBeInstanceOf(DomainError);
    const e = err as RoleMappingError;
    expect(e.status).toBe(422);
    expect(e.type).toBe('speaker-roles-needed');
    expect(e.extra).toEqual({ speakers: e.speakers });
    return e;
  }
  throw new Error('expected a RoleMappingError');
}

describe('speakerKey', () => {
  it('case, spaces, NFC, brackets and colons', () => {
    expect(speakerKey('  Sam   LEE ')).toBe('sam lee');
    expect(speakerKey('Zoe\u0301')).toBe(speakerKey('Zo\u00e9'));
    expect(speakerKey('[Sam]')).toBe('sam');
    expect(speakerKey('Sam:')).toBe('sam');
  });
  it('diariser labels on their number', () => {
    for (const v of ['SPEAKER_00', 'Speaker 0', 'speaker-0', 'spk_0', 'SPK0', 'speaker_000']) expect(speakerKey(v)).toBe('speaker 0');
    expect(speakerKey('SPEAKER_01')).toBe('speaker 1');
    expect(speakerKey('Speaker A')).toBe('speaker a');
    expect(speakerKey('SPEAKER_00')).not.toBe(speakerKey('Speaker 1'));
  });
});

describe('labels from names', () => {
  it.each([
    ['Mentor', 'mentor'], ['Peer mentor', 'mentor'], ['Mentor (Sam)', 'mentor'], ['Sam (mentor)', 'mentor'], ['MENTOR - Sam', 'mentor'],
    ['Mentee', 'mentee'], ['Youth', 'mentee'], ['Jordan (mentee)', 'mentee'],
    ['Mom', 'other'], ['Parent', 'other'], ['Staff', 'other'], ['Support Person', 'other'], ['Aide', 'other'], ['Coordinator', 'other'],
    ['Interpreter', 'other'], ['Job coach', 'other'], ["Mentee's mom", 'other'],
    ['Sam', undefined], ['SPEAKER_00', undefined], ['Jordan Smith', undefined],
  ])('%s → %s', (name, label) => {
    expect(labelFromName(name)).toBe(label);
  });
});

describe('assignRoles', () => {
  it('labels in the file', () => {
    expect(assignRoles(sp('Mentor', 'Mentee', 'Mom'))).toEqual({ Mentor: 'mentor', Mentee: 'mentee', Mom: 'other' });
    expect(assignRoles(sp('Sam (mentor)', 'Jordan (mentee)'))).toEqual({ 'Sam (mentor)': 'mentor', 'Jordan (mentee)': 'mentee' });
  });

  it('one label plus elimination: "Mentor", "Jordan", "Mom" → Jordan is the mentee', () => {
    expect(assignRoles(sp('Mentor', 'Jordan', 'Mom'))).toEqual({ Mentor: 'mentor', Jordan: 'mentee', Mom: 'other' });
  });

  it('CHAT roles: Target_Child → mentee, the remaining non-family participant → mentor', async () => {
    const cha = '@Begin\n@Participants:\tCHI Jordan Target_Child, INV Maya Investigator, MOT Mother\n*INV:\thi .\n*CHI:\thi .\n*MOT:\thello .\n@End\n';
    const p = await parseTranscript(Buffer.from(cha));
    expect(assignRoles(p)).toEqual({ Maya: 'mentor', Jordan: 'mentee', MOT: 'other' });
  });

  it('explicit fields win over labels and known mappings; everyone else is other', () => {
    const s = sp('Mentor', 'Jordan', 'Alex');
    expect(assignRoles(s, { mentor: 'Alex', mentee: 'Jordan', known: { mentor: 'mentor' } })).toEqual({ Mentor: 'other', Jordan: 'mentee', Alex: 'mentor' });
  });

  it('explicit fields match name variants: case, spaces, first name for "Sam Lee", "Sam" for "Sam (mentor)"', () => {
    expect(assignRoles(sp('Sam Lee', 'Jordan Smith', 'Support'), { mentor: ' sam  lee ', mentee: 'JORDAN' })).toEqual({
      'Sam Lee': 'mentor', 'Jordan Smith': 'mentee', Support: 'other',
    });
    expect(assignRoles(sp('Sam (mentor)', 'Jo'), { mentor: 'Sam', mentee: 'Jo' })).toEqual({ 'Sam (mentor)': 'mentor', Jo: 'mentee' });
    expect(assignRoles(sp('SPEAKER_00', 'SPEAKER_01'), { mentor: 'Speaker 1', mentee: 'spk_0' })).toEqual({ SPEAKER_00: 'mentee', SPEAKER_01: 'mentor' });
  });

  it('a Zoom name with pronouns matches the plain name', () => {
    expect(assignRoles(sp('Maya Lopez (she/her)', 'Jordan'), { mentor: 'Maya Lopez', mentee: 'Jordan' })).toEqual({ 'Maya Lopez (she/her)': 'mentor', Jordan: 'mentee' });
  });

  it('only the mentor given: the one remaining non-support speaker is the mentee', () => {
    expect(assignRoles(sp('Maya', 'Jordan', 'Mom'), { mentor: 'Maya' })).toEqual({ Maya: 'mentor', Jordan: 'mentee', Mom: 'other' });
  });

  it("known mapping (the dyad's memory) settles later sessions without fields; keys are speakerKeys", () => {
    const known = { [speakerKey('Maya Lopez')]: 'mentor', [speakerKey('Jordan Smith')]: 'mentee', [speakerKey('Linda')]: 'other' } as const;
    expect(assignRoles(sp('MAYA LOPEZ ', 'Jordan Smith', 'Linda'), { known })).toEqual({ 'MAYA LOPEZ ': 'mentor', 'Jordan Smith': 'mentee', Linda: 'other' });
    // known beats labels
    expect(assignRoles(sp('Mentor', 'Mentee'), { known: { mentor: 'mentee', mentee: 'mentor' } })).toEqual({ Mentor: 'mentee', Mentee: 'mentor' });
  });

  it('knownFromRoles: session 1 with fields, session 2 with variants and no fields', () => {
    const first = assignRoles(sp('Maya Lopez', 'Jordan', 'Staff'), { mentor: 'Maya', mentee: 'Jordan' });
    const known = knownFromRoles(first);
    expect(known).toEqual({ 'maya lopez': 'mentor', jordan: 'mentee', staff: 'other' });
    expect(assignRoles(sp('MAYA LOPEZ', 'jordan ', 'Linda'), { known })).toEqual({ 'MAYA LOPEZ': 'mentor', 'jordan ': 'mentee', Linda: 'other' });
  });

  it('no way to tell → error listing the speakers and asking for the fields', () => {
    const e = roleError(() => assignRoles(sp('Maya Lopez', 'Jordan', 'Support Person')));
    expect(e.speakers).toEqual(['Maya Lopez', 'Jordan', 'Support Person']);
    expect(e.message).toBe(
      'Cannot tell who is the mentor and who is the mentee. Speakers found: "Maya Lopez", "Jordan", "Support Person". Send the "mentor" and "mentee" fields with one speaker name each.',
    );
  });

  it('a named mentor who is not in the file → error naming the speakers found', () => {
    const e = roleError(() => assignRoles(sp('Maya', 'Jordan'), { mentor: 'Alex', mentee: 'Jordan' }));
    expect(e.message).toBe('The mentor "Alex" is not a speaker in this transcript. Speakers found: "Maya", "Jordan".');
    expect(e.speakers).toEqual(['Maya', 'Jordan']);
  });

  it('the same speaker for both roles, two mentors by label, a single speaker → errors', () => {
    roleError(() => assignRoles(sp('Maya', 'Jordan'), { mentor: 'Maya', mentee: 'maya' }));
    roleError(() => assignRoles(sp('Mentor', 'Peer mentor', 'Jordan', 'Alex')));
    roleError(() => assignRoles(sp('Maya')));
  });

  it('variants in the speaker list are one speaker', () => {
    expect(assignRoles({ speakers: [{ name: 'Mentor', label: 'mentor' }, { name: 'mentor ' }, { name: 'Jo' }] })).toEqual({ Mentor: 'mentor', 'mentor ': 'mentor', Jo: 'mentee' });
  });
});
