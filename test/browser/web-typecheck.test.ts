import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** web/ is browser code (DOM lib), outside the root tsconfig: `pnpm typecheck` does not see it, so this test does. */
describe('web UI sources', () => {
  it('typecheck with tsc -p web/tsconfig.json', async () => {
    const tsc = `${ROOT}node_modules/typescript/bin/tsc`;
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, '-p', 'web/tsconfig.json', '--noEmit'], { cwd: ROOT }).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
    expect(stdout).toBe('');
  }, 60_000);
});
