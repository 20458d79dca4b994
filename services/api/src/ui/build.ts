import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** web/ at the repository root: sources in web/src, the bundle in web/dist (git-ignored, built on demand). */
export const WEB_DIR = fileURLToPath(new URL('../../../../web/', import.meta.url));
export const SRC_DIR = join(WEB_DIR, 'src');
export const DIST_DIR = join(WEB_DIR, 'dist');
export const ASSETS = ['index.html', 'app.js', 'app.css'] as const;

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(p) : (await stat(p)).mtimeMs);
  }
  return newest;
}

/** True when web/dist lacks a file or is older than a source file (or this build script). */
export async function isStale(): Promise<boolean> {
  let built = Infinity;
  try {
    for (const f of ASSETS) built = Math.min(built, (await stat(join(DIST_DIR, f))).mtimeMs);
  } catch {
    return true;
  }
  try {
    const src = Math.max(await newestMtime(SRC_DIR), (await stat(fileURLToPath(import.meta.url))).mtimeMs);
    return src > built;
  } catch {
    return false; // no sources (a deployment that ships only web/dist)
  }
}

/** Write then rename, so a concurrent reader (another test process) never sees half a file. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Bundle web/src/main.ts (with uPlot) into web/dist/app.js and the styles (uPlot's and ours) into app.css. */
export async function buildUi(opts: { minify?: boolean } = {}): Promise<void> {
  const esbuild = await import('esbuild');
  await mkdir(DIST_DIR, { recursive: true });
  const common = { bundle: true, write: false, minify: opts.minify ?? true, legalComments: 'none', logLevel: 'silent' } as const;
  const js = await esbuild.build({
    ...common,
    entryPoints: [join(SRC_DIR, 'main.ts')],
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    sourcemap: false,
  });
  const css = await esbuild.build({ ...common, entryPoints: [join(SRC_DIR, 'styles.css')], loader: { '.css': 'css' } });
  const jsOut = js.outputFiles[0];
  const cssOut = css.outputFiles[0];
  if (!jsOut || !cssOut) throw new Error('esbuild produced no output');
  await writeAtomic(join(DIST_DIR, 'app.js'), jsOut.contents);
  await writeAtomic(join(DIST_DIR, 'app.css'), cssOut.contents);
  await writeAtomic(join(DIST_DIR, 'index.html'), await readFile(join(SRC_DIR, 'index.html')));
}

/** Build when stale; a missing esbuild (a production install without dev dependencies) keeps the existing bundle. */
export async function ensureBuilt(): Promise<void> {
  if (!(await isStale())) return;
  await buildUi();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t = Date.now();
  await buildUi({ minify: !process.argv.includes('--dev') });
  console.log(`web UI built into ${DIST_DIR} in ${Date.now() - t} ms`);
}
