import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fixture, getJson, startStack, upload, waitForTranscript, type TestStack } from '../helpers/app.js';


/** expect.poll with room for a loaded CI machine (its default gives up after 1 s). */
const poll = <T>(fn: () => Promise<T> | T, timeout = 10_000) => expect.poll(fn, { timeout, interval: 25 });
/**
 * The staff dashboard in real headless Chromium (Debian `chromium`, installed by .ci/run) against the real stack:
 * sign-in, overview, a dyad's charts, a session's highlighted evidence, upload with progress, role-based hiding.
 * Screenshots go to test/artifacts/ (git-ignored).
 */
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let stack: TestStack;
let browser: Browser;
let researcherKey: string;
let staffKey: string;
let integrationKey: string;
let dyadId: string;
let firstSessionId: string;
let xssSessionId: string;
const contexts: BrowserContext[] = [];

const XSS_TEXT =
  'Mentor: Hi <script>window.__xss = 1</script> how are you?\n' +
  'Mentee: I feel happy today <img src=x onerror="window.__xss = 2"> because I got a job.\n' +
  'Mentor: I was happy when I got my first job too.\n';

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.baseUrl, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto('/ui/');
  await page.getByLabel('Your API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Program overview' }).waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Every visible input/select/textarea has an accessible name (label, aria-label or aria-labelledby). */
async function unlabelledInputs(page: Page): Promise<string[]> {
  // Page code as a string: the root tsconfig has no DOM lib.
  return page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
    .filter((e) => e.type !== 'hidden' && !((e.labels && e.labels.length > 0) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')))
    .map((e) => e.outerHTML.slice(0, 120))`) as Promise<string[]>;
}

/**
 * WCAG AA text contrast of every visible element with its own text: colour against the first opaque background colour
 * up the tree (4.5:1, or 3:1 for large text). Returns the failures.
 */
async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bg = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] >= 0.99)) return c;
      }
      return [255, 255, 255];
    };
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!['#text'].some(() => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none' || el.getClientRects().length === 0) continue;
      if (el.closest('.visually-hidden, [hidden], option, noscript')) continue;
      const fg = rgb(cs.color);
      const a = lum(fg), b = lum(bg(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2) + ' ' + el.textContent.trim().slice(0, 30));
    }
    return out;
  })()`) as Promise<string[]>;
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  stack = await startStack();
  [researcherKey, staffKey, integrationKey] = await Promise.all([stack.key('researcher'), stack.key('staff'), stack.key('integration')]);
  for (const i of [1, 2, 3]) {
    const r = await upload(stack, stack.adminKey, { name: `session-${i}.txt`, data: await fixture(`dyad-07/session-${i}.txt`) }, { dyad: 'dyad-07', sessionDate: `2026-01-0${i + 4}` });
    expect(r.status).toBe(202);
    if (i === 1) firstSessionId = r.body.id;
    dyadId = r.body.dyadId;
    expect((await waitForTranscript(stack, stack.adminKey, r.body.id)).status).toBe('done');
  }
  const x = await upload(stack, stack.adminKey, { name: 'xss.txt', data: XSS_TEXT }, { dyad: 'dyad-xss', sessionDate: '2026-02-01' });
  expect(x.status).toBe(202);
  xssSessionId = x.body.id;
  await waitForTranscript(stack, stack.adminKey, xssSessionId);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

describe('web UI sign-in (cookie session)', () => {
  it('refuses a wrong key and an integration key, next to the field', async () => {
    const page = await newPage();
    await page.goto('/ui/');
    await page.getByLabel('Your API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.locator('#signin-error').textContent()).toMatch(/not known/);
    await page.getByLabel('Your API key').fill(integrationKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.locator('#signin-error').textContent()).toMatch(/Integration keys/);
    expect(await unlabelledInputs(page)).toEqual([]);
    await shot(page, 'signin-error');
    // The key is not kept in the browser: no storage, and the cookie is HttpOnly.
    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
  });

  it('sets an HttpOnly SameSite=Strict cookie; non-GET by cookie needs the CSRF header; Bearer is unchanged', async () => {
    const res = await fetch(`${stack.baseUrl}/ui/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: researcherKey }) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^dyadic_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const { csrf } = (await res.json()) as { csrf: string };
    const cookie = setCookie.split(';')[0]!;
    expect((await fetch(`${stack.baseUrl}/api/v1/programs`, { headers: { cookie } })).status).toBe(200);
    const form = () => {
      const f = new FormData();
      f.append('dyad', 'dyad-csrf');
      f.append('sessionDate', '2026-03-01');
      f.append('file', new Blob(['Mentor: Hi.\nMentee: I like cats.\n']), 'c.txt');
      return f;
    };
    const noToken = await fetch(`${stack.baseUrl}/api/v1/transcripts`, { method: 'POST', headers: { cookie }, body: form() });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { type: string }).type).toBe('/problems/csrf');
    const withToken = await fetch(`${stack.baseUrl}/api/v1/transcripts`, { method: 'POST', headers: { cookie, 'x-dyadic-csrf': csrf }, body: form() });
    expect(withToken.status).toBe(202);
    // A wrong Bearer header is still a 401 even with a valid cookie; no header and no cookie is a 401.
    expect((await fetch(`${stack.baseUrl}/api/v1/programs`, { headers: { cookie, authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await getJson(stack, null, '/api/v1/programs')).status).toBe(401);
    // Cross-site sign-in posts are refused; logout ends the session.
    const cross = await fetch(`${stack.baseUrl}/ui/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ key: researcherKey }) });
    expect(cross.status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/ui/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect((await fetch(`${stack.baseUrl}/api/v1/programs`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('web UI pages (researcher)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage();
    await signIn(page, researcherKey);
  });

  it('overview lists the dyads with latest values, trends and alerts; search filters; inputs are labelled', async () => {
    const row = page.locator('tr[data-dyad="dyad-07"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/rising|steady|falling/);
    expect(await page.locator('tr[data-dyad="dyad-xss"]').count()).toBe(1);
    expect(await unlabelledInputs(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
    // The checker itself: light grey on white is caught.
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<p id="grey" style="color:#aaaaaa">grey</p>')`);
    expect(await lowContrast(page)).toEqual([expect.stringMatching(/^P\..* 2\.\d\d grey$/)]);
    await page.evaluate(`document.getElementById('grey').remove()`);
    await shot(page, 'overview');
    await page.getByLabel('Search pairs').fill('dyad-07');
    await poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Calls' }).click();
    await poll(() => page.locator('th[data-sort="sessions"]').getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByRole('link', { name: 'Upload' }).count()).toBe(1);
  });

  it('dyad page draws a chart per indicator with interval bands, the explanation and the mentor-response breakdown', async () => {
    await page.goto('/ui/');
    await page.getByRole('link', { name: 'dyad-07', exact: true }).click();
    await page.getByRole('heading', { name: /Pair dyad-07/ }).waitFor();
    await page.locator('.uplot canvas').first().waitFor();
    expect(await page.locator('.uplot').count()).toBe(4);
    // Non-transparent pixels per chart canvas.
    const painted = (await page.evaluate(`[...document.querySelectorAll('.uplot canvas')].map((canvas) => {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    })`)) as number[];
    expect(painted.every((n) => n > 500)).toBe(true);
    expect(await page.textContent('main')).toContain('indicators, not a score');
    expect(await page.textContent('main')).toContain('What the study found');
    const responses = page.locator('table.responses');
    expect(await responses.textContent()).toMatch(/Shared something similar back/);
    expect(await page.locator('table.sessions tbody tr').count()).toBe(3);
    expect(await lowContrast(page)).toEqual([]);
    await shot(page, 'dyad');
  });

  it('session page highlights evidence spans with text labels, links disclosures to the answer, filters by tag', async () => {
    await page.locator('table.sessions tbody tr').first().getByRole('link').click();
    await page.locator('article.turn').first().waitFor();
    expect(page.url()).toContain(`/ui/sessions/${firstSessionId}`);
    // Turn 4 (index 3): "I was nervous the first day." emotion span with its label.
    const emo = page.locator('#turn-3 mark.hl-emo');
    expect(await emo.first().textContent()).toBe('nervous');
    expect(await page.locator('#turn-3 .tag-label[data-tag="emotion"]').textContent()).toBe('Emotion');
    expect(await page.locator('#turn-3 .tag-label[data-tag="selfDisclosure"]').first().textContent()).toBe('SD');
    expect(await page.locator('#turn-3 .links').textContent()).toMatch(/Mentor’s answer: turn 5.*Shared something similar back/);
    expect(await page.locator('#turn-3 .links').textContent()).toMatch(/Shared back in turn 5/);
    expect(await lowContrast(page)).toEqual([]);
    await shot(page, 'session');
    await page.locator('#turn-3 .links a').first().click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('turn-4');
    await page.getByLabel('Show').selectOption('advice');
    await poll(() => page.locator('article.turn').count()).toBe(1);
    expect(await page.locator('article.turn mark.hl-adv').count()).toBeGreaterThan(0);
    expect(await page.locator('article.turn .badge').allTextContents()).toContain('Advice');
    expect(await unlabelledInputs(page)).toEqual([]);
    await shot(page, 'session-advice');
  });

  it('shows transcript markup as text, never as HTML', async () => {
    await page.goto(`/ui/sessions/${xssSessionId}`);
    await page.locator('article.turn').first().waitFor();
    expect(await page.locator('#turn-0 .utt-text').textContent()).toContain('<script>window.__xss = 1</script>');
    expect(await page.locator('#turn-1 .utt-text').textContent()).toContain('<img src=x onerror="window.__xss = 2">');
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('uploads files with a progress bar each: one reaches done, a bad one shows its error next to it', async () => {
    await page.getByRole('link', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Upload calls' }).waitFor();
    await page.getByLabel('Pair (dyad key)', { exact: true }).first().fill('dyad-07');
    await page.getByLabel('Transcript files').setInputFiles([
      { name: 'session-2026-01-20.txt', mimeType: 'text/plain', buffer: await fixture('dyad-07/session-2.txt') },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.from('') },
    ]);
    await poll(() => page.locator('li.upload-row').count()).toBe(2);
    expect(await page.locator('li.upload-row').first().locator('input[name="sessionDate"]').inputValue()).toBe('2026-01-20');
    await page.locator('li.upload-row').nth(1).locator('input[name="sessionDate"]').fill('2026-01-21');
    expect(await unlabelledInputs(page)).toEqual([]);
    await page.getByRole('button', { name: 'Upload all' }).click();
    const good = page.locator('li.upload-row[data-file="session-2026-01-20.txt"]');
    const bad = page.locator('li.upload-row[data-file="empty.txt"]');
    await poll(() => good.locator('.file-status').textContent(), 20_000).toMatch(/^done/);
    expect(await good.locator('progress').evaluate((p) => (p as unknown as { value: number }).value)).toBe(100);
    await poll(() => bad.locator('.error').isVisible()).toBe(true);
    expect(await bad.locator('.error').textContent()).toMatch(/\S/);
    expect(await good.locator('.error').isVisible()).toBe(false);
    expect(await lowContrast(page)).toEqual([]);
    await shot(page, 'upload');
    const sessions = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/sessions`);
    expect(sessions.body.items.map((s: { sessionDate: string }) => s.sessionDate)).toContain('2026-01-20');
  });

  it('takes dropped files; asks for the speaker roles next to the file, then processes it once they are given', async () => {
    await page.goto('/ui/upload');
    await page.getByRole('heading', { name: 'Upload calls' }).waitFor();
    // A real drop event with a DataTransfer carrying the file (what a drag from the desktop delivers).
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['Sam: How was your week?\\nAlex: I was sad because my dog was sick.\\nSam: I was sad when my cat was sick too.\\n'], 'names.txt', { type: 'text/plain' }));
      document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    const row = page.locator('li.upload-row[data-file="names.txt"]');
    await row.waitFor();
    await row.getByLabel('Pair (dyad key)').fill('dyad-names');
    await row.getByLabel('Date of the call').fill('2026-02-10');
    await page.getByRole('button', { name: 'Upload all' }).click();
    await poll(() => row.locator('.error').isVisible()).toBe(true);
    expect(await row.locator('.error').textContent()).toMatch(/Speakers found: Sam, Alex/);
    await row.getByLabel('Mentor’s name in the file (optional)').fill('Sam');
    await row.getByLabel('Mentee’s name in the file (optional)').fill('Alex');
    await page.getByRole('button', { name: 'Upload all' }).click();
    await poll(() => row.locator('.file-status').textContent(), 20_000).toMatch(/^done/);
    expect(await row.locator('.error').isVisible()).toBe(false);
  });

  it('keyboard: the skip link is first and moves focus to the main content', async () => {
    await page.goto('/ui/');
    await page.getByRole('heading', { name: 'Program overview' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });
});

describe('web UI for staff', () => {
  it('shows no Upload link and only the evidence turns; fits a tablet screen', async () => {
    const page = await newPage({ width: 820, height: 1180 });
    await signIn(page, staffKey);
    await page.locator('tr[data-dyad="dyad-07"]').waitFor();
    expect(await page.getByRole('link', { name: 'Upload' }).count()).toBe(0);
    await page.goto('/ui/upload');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto(`/ui/sessions/${firstSessionId}`);
    await page.locator('article.turn').first().waitFor();
    expect(await page.textContent('main')).toContain('turns behind the numbers');
    expect(await page.locator('mark.hl').count()).toBeGreaterThan(0);
    await shot(page, 'staff-session');
    const overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";
    expect(await page.evaluate(overflow)).toBeLessThanOrEqual(0);
    await page.goto(`/ui/dyads/${dyadId}`);
    await page.locator('.uplot canvas').first().waitFor();
    expect(await page.evaluate(overflow)).toBeLessThanOrEqual(0);
    await shot(page, 'staff-dyad-tablet');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Your API key').waitFor();
  });
});
