import { ApiError, signIn } from '../api.js';
import { clear, h } from '../dom.js';

export function signInPage(main: HTMLElement, done: () => void): void {
  const key = h('input', { id: 'signin-key', name: 'key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'aria-describedby': 'signin-help' });
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error', hidden: true });
  const button = h('button', { type: 'submit', class: 'btn primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'signin card' },
    h('h1', {}, 'Sign in to Dyadic'),
    h('div', { class: 'field' }, h('label', { for: 'signin-key' }, 'Your API key'), key),
    h('p', { id: 'signin-help', class: 'small muted' }, 'Use the key your program admin gave you (staff, researcher or admin). It is kept on the server for this sign-in only, not in the browser.'),
    error,
    button,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.hidden = true;
    button.disabled = true;
    signIn(key.value)
      .then(() => done())
      .catch((err: unknown) => {
        error.textContent = err instanceof ApiError ? err.message : 'Sign-in failed. Try again.';
        error.hidden = false;
        key.focus();
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  clear(main);
  document.title = 'Sign in · Dyadic';
  main.append(form);
  key.focus();
}
