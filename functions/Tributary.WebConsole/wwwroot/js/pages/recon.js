// Reconciliation results: the summary (match rate, breaks by type and severity, impact, ageing) and the server-paged break queue.
import { api, ApiError, enc, query } from '../api.js';
import { h, fill, field, select, table, notices } from '../dom.js';
import { number, percent } from '../format.js';

export const BreakStatuses = ['open', 'in_review', 'resolved', 'escalated', 'closed'];
export const Severities = ['low', 'medium', 'high', 'critical'];
const PageSize = 50;

/** The statuses a break may move to next (the workflow), limited to those the caller's roles allow. */
export function nextStatuses(ctx, status) {
  const next = { open: ['in_review'], in_review: ['resolved', 'escalated'], resolved: ['closed'], escalated: ['closed'], closed: [] }[status] ?? [];
  return next.filter(s => (s === 'closed' ? ctx.hasRole('approver') : ctx.hasRole('operator')));
}

export async function reconResults(ctx, run) {
  const id = run.id;
  const out = run.output ?? {};
  const summary = await api(`/api/runs/${enc(id)}/files/summary.json`).catch(() => null);
  const q = ctx.params.query;
  const filters = { status: q.get('status') ?? '', severity: q.get('severity') ?? '', type: q.get('type') ?? '' };
  const token = q.get('page') ?? '';
  const sort = q.get('sort') ?? '';
  const types = Object.keys(summary?.breaks_by_type ?? {}).sort();
  if (filters.type && !types.includes(filters.type)) types.push(filters.type);

  const to = (changes) => `runs/${enc(id)}` + query({ ...filters, sort, ...changes });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter breaks', onsubmit: e => e.preventDefault() },
    field('Status', select({ name: 'status', onchange: e => ctx.go(to({ status: e.target.value, page: '' })) }, [['', 'Any status'], ...BreakStatuses], filters.status)),
    field('Severity', select({ name: 'severity', onchange: e => ctx.go(to({ severity: e.target.value, page: '' })) }, [['', 'Any severity'], ...Severities], filters.severity)),
    field('Type', select({ name: 'type', onchange: e => ctx.go(to({ type: e.target.value, page: '' })) }, [['', 'Any type'], ...types], filters.type)));

  // The API sorts the whole queue before paging, so the order holds across pages (its token belongs to the order).
  const page = await api(`/api/recon/${enc(id)}/breaks` + query({ ...filters, sort, pageSize: PageSize, continuationToken: token }));
  const items = page.items;

  const selected = new Set();
  const news = notices();
  const results = h('ul', { 'aria-label': 'Bulk move results', class: 'uploads' });
  const sortHeader = (key, text) => h('th', { scope: 'col', class: 'num', 'aria-sort': sort === key ? 'descending' : 'none' },
    h('a', { href: ctx.link(to({ sort: sort === key ? '' : key, page: '' })), 'data-nav': true, title: 'Sort the whole queue, largest first' }, text));
  const rows = items.map(b => [
    h('input', { type: 'checkbox', 'aria-label': `Select break ${b.id}`, onchange: e => { if (e.target.checked) selected.add(b.id); else selected.delete(b.id); } }),
    h('a', { href: ctx.link(`runs/${enc(id)}/breaks/${enc(b.id)}`), 'data-nav': true }, b.id),
    b.type, b.severity, b.status, b.assignee ?? '', b.key, b.field,
    { text: `${number(b.financialImpact, 2)} ${b.currency}`, class: 'num' },
    { text: b.ageDays ?? '—', class: 'num' },
    b.dueDate ? h('span', { class: b.overdue ? 'status-Failed' : undefined, title: b.overdue ? 'Past its service level' : undefined }, `${b.dueDate}${b.overdue ? ' overdue' : ''}`) : '—',
    (b.suggestions ?? []).length > 0 ? String(b.suggestions.length) : '',
  ]);

  const target = select({ name: 'bulkTarget' }, [['in_review', 'in_review'], ['resolved', 'resolved'], ['escalated', 'escalated'], ['closed', 'closed']]);
  const bulkComment = h('input', { name: 'bulkComment', maxLength: 1000 });
  const bulk = ctx.can('moveBreak') ? h('form', { class: 'toolbar', 'aria-label': 'Move selected breaks', onsubmit: async (e) => {
    e.preventDefault();
    results.replaceChildren();
    if (selected.size === 0) { news.error('Select breaks first.'); return; }
    // One PATCH for the whole selection; each id is answered on its own (moved, conflict, not_found, not_allowed).
    try {
      const moved = await api(`/api/recon/${enc(id)}/breaks`, { method: 'PATCH', json: { ids: [...selected], status: target.value, comment: bulkComment.value || undefined } });
      for (const r of moved.results) {
        results.append(h('li', { class: r.outcome === 'moved' ? undefined : 'status-Failed' }, `${r.id}: ${r.outcome === 'moved' ? r.status : `${r.outcome.replaceAll('_', ' ')}${r.detail ? ` (${r.detail})` : ''}`}`));
      }
      news.ok(`Moved ${moved.moved} of ${selected.size} selected break(s); results below. Reload the queue to see them in place.`);
    } catch (err) {
      news.error(err instanceof ApiError ? err.message : String(err));
    }
  } }, field('Move selected to', target), field('Note for all', bulkComment), h('button', { type: 'submit' }, 'Move selected')) : null;

  return h('section', { 'aria-label': 'Reconciliation' },
    h('h2', null, `Reconciliation: ${out.profile ?? summary?.profile ?? ''}`),
    summaryView(out, summary),
    h('h2', null, 'Break queue'),
    form,
    items.length === 0 ? h('p', null, 'No breaks match these filters.') :
      table(`${items.length} breaks on this page${sort ? `, the queue sorted by ${sort === 'impact' ? 'financial impact' : 'age'}, largest first` : ''}`,
        [{ text: '' }, { text: 'Break' }, { text: 'Type' }, { text: 'Severity' }, { text: 'Status' }, { text: 'Assignee' }, { text: 'Key' }, { text: 'Field' }].map(x => h('th', { scope: 'col' }, x.text))
          .concat([sortHeader('impact', 'Impact'), sortHeader('age', 'Age (days)'), h('th', { scope: 'col' }, 'Due'), h('th', { scope: 'col' }, 'Suggestions')]), rows),
    h('nav', { class: 'pager', 'aria-label': 'Break pages' },
      token ? h('a', { href: ctx.link(to({ page: '' })), 'data-nav': true }, 'First page') : null,
      page.continuationToken ? h('a', { href: ctx.link(to({ page: page.continuationToken })), 'data-nav': true }, 'Next page') : null),
    bulk, news.nodes, results);
}

function summaryView(out, s) {
  const rows = (obj) => Object.entries(obj ?? {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, { text: number(v), class: 'num' }]);
  return h('div', null,
    h('dl', { class: 'facts' },
      h('dt', null, 'Match rate'), h('dd', null, percent(out.matchRate ?? s?.match_rate, 2)),
      h('dt', null, 'Records'), h('dd', null, `${number(out.leftRecords ?? s?.left_records)} left, ${number(out.rightRecords ?? s?.right_records)} right`),
      h('dt', null, 'Breaks'), h('dd', null, number(out.breaks ?? s?.breaks)),
      h('dt', null, 'Financial impact'), h('dd', null, `${number(out.totalFinancialImpact ?? s?.total_financial_impact, 2)} ${s?.base_currency ?? ''}`),
      s?.largest_break_id ? [h('dt', null, 'Largest break'), h('dd', null, `${s.largest_break_id} (${number(s.largest_financial_impact, 2)})`)] : null,
      out.overdueBreaks !== undefined || s?.overdue_breaks !== undefined ? [h('dt', null, 'Overdue'), h('dd', null, number(out.overdueBreaks ?? s?.overdue_breaks))] : null,
      out.suggestions !== undefined || s?.suggestions !== undefined ? [h('dt', null, 'Suggested matches'),
        h('dd', null, `${number(out.suggestions ?? s?.suggestions)} (${number(out.confidentSuggestions ?? s?.confident_suggestions)} at 50%+), clearing ${percent(out.suggestedValueShare ?? s?.suggested_value_share, 1)} of the unmatched value`)] : null,
      out.carriedFrom ? [h('dt', null, 'Carried from'), h('dd', null, `${out.carriedFrom.previousRunId}: ${out.carriedFrom.foundAgain} found again, ${out.carriedFrom.closedAsGone} closed as gone`)] : null),
    h('div', { class: 'split' },
      table('Breaks by type', ['Type', { text: 'Breaks', class: 'num' }], rows(s?.breaks_by_type)),
      table('Breaks by severity', ['Severity', { text: 'Breaks', class: 'num' }], rows(out.breaksBySeverity ?? s?.breaks_by_severity))),
    table('Open breaks by age (days)', ['Band', { text: 'Breaks', class: 'num' }], Object.entries(s?.open_break_ageing ?? {}).map(([k, v]) => [k, { text: number(v), class: 'num' }])));
}
