/** Implicit advice through one's own experience (§4.3): our own labelled examples. */
import { describe, expect, it } from 'vitest';
import { conv, last } from './test-conv.js';

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
