/**
 * Regenerate the .docx fixtures: `npx tsx packages/transcript/src/testing/make-docx-fixtures.ts`.
 * Written with our own zip writer so the tests need no extra dependency.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDocx } from './zip.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

// typed by hand in Word: a title, an empty paragraph, one paragraph per line, a soft line break in one turn
writeFileSync(
  join(dir, 'typed.docx'),
  makeDocx([
    'Peer mentoring – session 6 (typed from the recording)',
    '',
    'Mentor: Hi Jordan! What’s new?',
    'Jordan: New shoes.',
    'Mentor: New shoes! What colour?',
    'Jordan: Red.\nRed and white.',
    'Mom: He picked them himself at the shop.',
    'Mentor: Great choice, Jordan. Café after the session?',
    'Jordan: Yes!',
  ]),
);

// Otter export saved as Word: speaker + time paragraph, then the text paragraph
writeFileSync(
  join(dir, 'otter.docx'),
  makeDocx([
    'Maya Lopez  0:02',
    'Hey Jordan, how was the swimming lesson?',
    'Jordan  0:06',
    'Cold.',
    'Maya Lopez  0:08',
    'Cold! Did you still swim?',
    'Jordan  0:11',
    'Yes. Two lengths.',
  ]),
);
