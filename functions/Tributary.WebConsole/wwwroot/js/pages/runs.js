// Runs: one server-paged table for every workload, filters in the URL query (links and Back work), live while runs are active.
import { api, ApiError, enc, query } from '../api.js';
import { h, fill, field, select, table, notices } from '../dom.js';
import { active, progress, runDuration, when } from '../format.js';

export const Kinds = ['hpi', 'gen', 'recon', 'forecast'];
export const Statuses = ['Pending', 'Running', 'Completed', 'Failed', 'Terminated'];
const Ranges = [['', 'Any time'], ['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days']];
const RangeMs = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };
const PageSize = 50;
const PollMs = 2000;

export async function runsPage(ctx) {
  const q = ctx.params.query;
  const filters = { kind: q.get('kind') ?? '', status: q.get('status') ?? '', since: q.get('since') ?? '' };
  const token = q.get('page') ?? '';

  const to = (changes) => {
    const next = { ...filters, ...changes };
    return 'runs' + query({ kind: next.kind, status: next.status, since: next.since, page: changes.page });
  };

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter runs', onsubmit: e => e.preventDefault() },
    field('Workload', select({ name: 'kind', onchange: e => ctx.go(to({ kind: e.target.value })) }, [['', 'All workloads'], ...Kinds], filters.kind)),
    field('Status', select({ name: 'status', onchange: e => ctx.go(to({ status: e.target.value })) }, [['', 'Any status'], ...Statuses], filters.status)),
    field('Started', select({ name: 'since', onchange: e => ctx.go(to({ since: e.target.value })) }, Ranges, filters.since)));

  const news = notices();
  const live = h('p', { class: 'muted', 'aria-live': 'polite' });
  const body = h('div');
  const results = h('ul', { 'aria-label': 'Bulk results', class: 'uploads' });
  const selected = new Set();

  const load = async () => {
    const createdFrom = filters.since && RangeMs[filters.since] ? new Date(Date.now() - RangeMs[filters.since]).toISOString() : '';
    return api('/api/runs' + query({ kind: filters.kind, status: filters.status, createdFrom, pageSize: PageSize, continuationToken: token }));
  };

  const draw = (page) => {
    // The API lists newest first across pages (its run index); the page keeps that order. Just after a host started on a
    // hub older than the index, it answers in id order until the index is built, and says so.
    const items = page.items;
    const byId = page.order === 'taskHub';
    const all = h('input', { type: 'checkbox', 'aria-label': 'Select all runs on this page',
      checked: items.length > 0 && items.every(r => selected.has(r.id)),
      onchange: (e) => { for (const r of items) if (e.target.checked) selected.add(r.id); else selected.delete(r.id); draw(page); } });
    const rows = items.map(run => [
      h('input', { type: 'checkbox', 'aria-label': `Select ${run.id}`, checked: selected.has(run.id),
        onchange: e => { if (e.target.checked) selected.add(run.id); else selected.delete(run.id); } }),
      h('a', { href: ctx.link(`runs/${enc(run.id)}`), 'data-nav': true }, run.id),
      run.kind,
      h('span', { class: `status-${run.runtimeStatus}` }, run.runtimeStatus),
      progress(run),
      when(run.createdTime),
      runDuration(run),
    ]);
    fill(body,
      byId ? h('p', { class: 'muted', role: 'note' }, 'The host is still indexing older runs: this list is by workload and run id, not newest first, until it is done.') : null,
      items.length === 0
        ? h('p', null, token ? 'No more runs.' : 'No runs match these filters.')
        : table(`${items.length} runs on this page, ${byId ? 'by workload and run id' : 'newest first'}`, [all, 'Run', 'Workload', 'Status', 'Progress', 'Started', 'Duration'].map(x => typeof x === 'string' ? { text: x } : h('th', { scope: 'col' }, x)), rows),
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        token ? h('a', { href: ctx.link(to({})), 'data-nav': true }, 'First page') : null,
        page.continuationToken ? h('a', { href: ctx.link(to({ page: page.continuationToken })), 'data-nav': true }, 'Next page') : null));
    const running = items.filter(r => active(r.runtimeStatus)).length;
    live.textContent = running > 0 ? `Live: ${running} active run(s) on this page, refreshing every ${PollMs / 1000} s.` : '';
    return running > 0;
  };

  const bulk = async (what, send) => {
    results.replaceChildren();
    news.clear();
    const ids = [...selected];
    if (ids.length === 0) { news.error('Select runs first.'); return; }
    for (const id of ids) {
      try {
        results.append(h('li', null, `${id}: ${await send(id)}`));
      } catch (e) {
        results.append(h('li', { class: 'status-Failed' }, `${id}: ${e instanceof ApiError ? e.message : e}`));
      }
    }
    selected.clear();
    news.ok(`${what}: ${ids.length} run(s), results below.`);
    refresh();
  };

  const actions = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Bulk actions' },
    ctx.can('terminateRun') ? h('button', { type: 'button', onclick: () => bulk('Terminate', async id => (await api(`/api/runs/${enc(id)}/terminate`, { method: 'POST' })).runtimeStatus) }, 'Terminate selected') : null,
    ctx.can('rerunRun') ? h('button', { type: 'button', onclick: () => bulk('Rerun', async id => `re-run as ${(await api(`/api/runs/${enc(id)}/rerun`, { method: 'POST' })).id}`) }, 'Rerun selected') : null,
    ctx.can('purgeRun') ? h('button', { type: 'button', class: 'danger', onclick: () => bulk('Purge', async id => { const r = await api(`/api/runs/${enc(id)}`, { method: 'DELETE' }); return `purged (${r.instancesDeleted} instance(s), ${r.resultsDeleted} result item(s))`; }) }, 'Purge selected') : null);

  let timer = null;
  const refresh = async () => {
    clearTimeout(timer);
    if (!ctx.current()) return;
    try {
      const again = draw(await load());
      if (again && ctx.current()) timer = setTimeout(refresh, PollMs);
    } catch (e) {
      if (ctx.current()) news.error(e.message);
    }
  };

  const first = await load();
  const again = draw(first);
  if (again) timer = setTimeout(refresh, PollMs);
  return h('section', null,
    h('h1', null, 'Runs'),
    form,
    actions.childElementCount > 0 ? actions : null,
    news.nodes, results, live, body);
}
