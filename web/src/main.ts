import { ApiError, loadMe, session, signOut, whenSignedOut } from './api.js';
import { clear, h } from './dom.js';
import { dyadPage } from './pages/dyad.js';
import { overviewPage } from './pages/overview.js';
import { sessionPage } from './pages/session.js';
import { signInPage } from './pages/signin.js';
import { uploadPage } from './pages/upload.js';

const main = () => document.getElementById('main') as HTMLElement;

function renderChrome(): void {
  const nav = document.getElementById('nav')!;
  const who = document.getElementById('who')!;
  clear(nav);
  clear(who);
  const me = session.get();
  if (!me) return;
  const here = location.pathname;
  const link = (href: string, text: string, active: boolean) => h('a', { href, 'aria-current': active ? 'page' : null }, text);
  nav.append(
    h(
      'ul',
      {},
      h('li', {}, link('/ui/', 'Overview', here === '/ui/' || here.startsWith('/ui/dyads') || here.startsWith('/ui/sessions'))),
      // Staff keys cannot upload: the page is not offered.
      me.role !== 'staff' ? h('li', {}, link('/ui/upload', 'Upload', here === '/ui/upload')) : null,
    ),
  );
  const out = h('button', { type: 'button', class: 'btn link', id: 'signout' }, 'Sign out');
  out.addEventListener('click', () => void signOut().then(() => navigate('/ui/signin')));
  who.append(h('span', { class: 'role-pill' }, `Signed in as ${me.role}`), ' ', out);
}

async function route(): Promise<void> {
  const m = main();
  const path = location.pathname.replace(/\/+$/, '') || '/ui';
  const params = new URLSearchParams(location.search);
  if (!session.get() && !(await loadMe())) {
    renderChrome();
    if (path !== '/ui/signin') history.replaceState({ next: location.pathname + location.search }, '', '/ui/signin');
    signInPage(m, () => navigate(history.state?.next && history.state.next !== '/ui/signin' ? history.state.next : '/ui/'));
    return;
  }
  renderChrome();
  document.title = 'Dyadic';
  try {
    let r: RegExpExecArray | null;
    if (path === '/ui' || path === '/ui/signin') {
      if (path === '/ui/signin') history.replaceState(null, '', '/ui/');
      await overviewPage(m, params);
    } else if ((r = /^\/ui\/dyads\/([0-9a-f-]{36})$/.exec(path))) await dyadPage(m, r[1]!);
    else if ((r = /^\/ui\/sessions\/([0-9a-f-]{36})$/.exec(path))) await sessionPage(m, r[1]!, params);
    else if (path === '/ui/upload' && session.get()?.role !== 'staff') await uploadPage(m);
    else {
      clear(m);
      m.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/ui/' }, 'Go to the overview')));
    }
  } catch (err) {
    if (!session.get()) return; // signed out meanwhile: the sign-in page is shown
    clear(m);
    const msg = err instanceof ApiError ? (err.status === 404 ? 'This page does not exist, or your key may not see it.' : err.message) : 'Something went wrong loading this page.';
    m.append(h('h1', {}, 'Could not load this page'), h('p', { class: 'error', role: 'alert' }, msg), h('p', {}, h('a', { href: '/ui/' }, 'Back to the overview')));
  }
}

export function navigate(href: string): void {
  history.pushState(null, '', href);
  void route().then(() => {
    if (!location.hash) {
      window.scrollTo(0, 0);
      main().focus({ preventScroll: true });
    }
  });
}

document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/ui')) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) {
    e.preventDefault();
    const el = document.getElementById(url.hash.slice(1));
    if (el) {
      history.replaceState(history.state, '', url.hash);
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    }
    return;
  }
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', () => void route());
whenSignedOut(() => {
  session.set(null);
  void route();
});
document.addEventListener('DOMContentLoaded', () => void route());
