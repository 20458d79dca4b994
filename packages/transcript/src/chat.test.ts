import { describe, expect, it } from 'vitest';
import { cleanChat } from './index.js';

describe('cleanChat', () => {
  it.each([
    ['&-um good [/] good .', 'good good.'],
    ['<I want> [//] I need it .', 'I want I need it.'],
    ['xxx .', ''],
    ['with xxx. friends', 'with friends'],
    ['Xxx yyy www go', 'go'],
    ['he said +...', 'he said'],
    ['+" I did it .', 'I did it.'],
    ['gonna [: going to] go [* m] .', 'gonna go.'],
    ['I (.) like (..) it (2.5) .', 'I like it.'],
    ['(be)cause &=laughs &+fr friend@s:spa !', 'because friend!'],
    ['no: way ↑ ?', 'no way?'],
    ['ice_cream and hot+dog 0is good .', 'ice cream and hot dog good.'],
    ['hello \u00151200_3400\u0015', 'hello'],
    ['a [ lone bracket', 'a [ lone bracket'],
  ])('%s → %s', (raw, clean) => {
    expect(cleanChat(raw)).toBe(clean);
  });
});
