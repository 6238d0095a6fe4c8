// The console's shell: sign-in, navigation (History API, so links and Back work), and which page a path shows.
import { api, ApiError, session } from './api.js';
import { h, fill } from './dom.js';
import { signInPage } from './pages/signin.js';
import { runsPage } from './pages/runs.js';
import { runPage } from './pages/run.js';
import { breakPage } from './pages/break.js';
import { newRunPage } from './pages/newrun.js';
import { dropsPage } from './pages/drops.js';
import { healthPage } from './pages/health.js';

const base = document.querySelector('meta[name="tributary-base"]').content || '/';
const traceUrl = document.querySelector('meta[name="tributary-trace-url"]').content || '';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

let me = null;
let generation = 0;

/** What every page gets: where it is, who is signed in, how to navigate, and whether it is still the page shown. */
function context(path, params) {
  const mine = generation;
  return {
    base, path, params, me, traceUrl,
    link: (to) => base + to,
    go: (to, replace = false) => navigate(to, replace),
    current: () => mine === generation,
    can: (operation) => me?.may?.includes(operation) ?? false,
    hasRole: (role) => me?.roles?.includes(role) || me?.roles?.includes('admin'),
  };
}

function route(path) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts[0] === 'runs' && parts.length === 1)) return ['Runs', runsPage, {}];
  if (parts[0] === 'runs' && parts.length === 2) return ['Runs', runPage, { id: parts[1] }];
  if (parts[0] === 'runs' && parts.length === 4 && parts[2] === 'breaks') return ['Runs', breakPage, { id: parts[1], breakId: parts[3] }];
  if (parts[0] === 'new') return ['New run', newRunPage, {}];
  if (parts[0] === 'drops') return ['Drops', dropsPage, {}];
  if (parts[0] === 'health') return ['Health', healthPage, {}];
  return [null, notFound, {}];
}

function notFound() {
  return h('section', null, h('h1', null, 'Not found'), h('p', null, 'The console has no such page.'));
}

async function render() {
  generation++;
  const relative = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname.replace(/^\//, '');
  if (!me) {
    nav.hidden = true;
    who.hidden = true;
    fill(main, signInPage({ onSignedIn: signedIn, base }));
    return;
  }

  const [section, page, params] = route(relative);
  for (const a of nav.querySelectorAll('a')) {
    if (a.textContent === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }

  const ctx = context(relative, { ...params, query: new URLSearchParams(location.search) });
  fill(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const content = await page(ctx);
    if (ctx.current()) fill(main, content);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { signOut(e.message); return; }
    if (ctx.current()) fill(main, h('section', null, h('h1', null, 'Could not load this page'), h('p', { class: 'notice error', role: 'alert' }, e.message)));
  }
}

function navigate(to, replace) {
  const url = to.startsWith('/') ? to : base + to;
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  render();
  main.focus({ preventScroll: true });
}

function showWho() {
  nav.hidden = false;
  who.hidden = false;
  fill(who,
    h('span', null, `${me.name} (${me.roles.join(', ') || 'no roles'})`),
    session.key() ? h('button', { type: 'button', onclick: () => signOut() }, 'Sign out') : null);
}

async function signedIn(profile) {
  me = profile;
  showWho();
  await render();
}

function signOut(message) {
  session.signOut();
  me = null;
  render().then(() => {
    if (message) main.querySelector('[role="alert"]')?.replaceChildren(message);
  });
}

// Internal links change the page without a reload; modified clicks (new tab) keep the browser's behaviour.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-nav]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', render);

// Signed in already: a key in this tab's session, or (in Azure) an Easy Auth session. Without a key, health tells whether
// this browser reads as someone, so no refused request is made just to find out.
async function start() {
  try {
    if (session.key()) {
      me = await api('/api/me');
    } else {
      const health = await api('/api/health', { accept: [503] });
      if (health && health.dependencies) me = await api('/api/me');
    }
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.warn(e);
    session.signOut();
    me = null;
  }
  if (me) showWho();
  await render();
}

start();
