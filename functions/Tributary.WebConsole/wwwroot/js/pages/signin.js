// Sign-in: the host's own (Easy Auth's login in Azure, when the page names one), or an API key, kept in this tab's
// sessionStorage only and checked against GET /api/me.
import { api, ApiError, session } from '../api.js';
import { h } from '../dom.js';

export function signInPage({ onSignedIn }) {
  const key = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', required: true, spellcheck: false });
  const error = h('p', { class: 'notice error', role: 'alert' });
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      session.signIn(key.value.trim());
      try {
        await onSignedIn(await api('/api/me'));
      } catch (e) {
        session.signOut();
        error.textContent = e instanceof ApiError ? e.message : String(e);
      }
    },
  },
  h('label', null, 'API key', key),
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  // In Azure, Easy Auth signs the browser in and every API call carries its session cookie; the key form stays for keys.
  const hostSignIn = document.querySelector('meta[name="tributary-sign-in"]')?.content || '';
  return h('section', { class: 'signin' },
    h('h1', null, 'Sign in'),
    hostSignIn ? h('p', null, h('a', { href: hostSignIn, class: 'button primary' }, 'Sign in with Microsoft Entra ID')) : null,
    h('p', { class: 'muted' }, 'Paste an API key: the local admin key is the single line of admin.key in the data directory of `tributary serve`; ',
      '`tributary keys new` makes keys with other roles. The key stays in this tab only.'),
    form, error);
}
