// One break: both sides with the differing field marked, its history, and the form that moves it along the workflow.
import { api, ApiError, enc } from '../api.js';
import { h, fill, field, select, table, notices } from '../dom.js';
import { number, when } from '../format.js';
import { nextStatuses } from './recon.js';
import { breakSuggestions } from './suggestions.js';

export async function breakPage(ctx) {
  const { id, breakId } = ctx.params;
  let doc = await api(`/api/recon/${enc(id)}/breaks/${enc(breakId)}`);
  const details = h('div');
  const history = h('div');
  const mover = h('div');
  const news = notices();

  const draw = () => {
    fill(details,
      h('dl', { class: 'facts' },
        h('dt', null, 'Status'), h('dd', null, h('strong', { 'data-testid': 'break-status' }, doc.status)),
        h('dt', null, 'Assignee'), h('dd', null, doc.assignee ?? '—'),
        h('dt', null, 'Type'), h('dd', null, doc.type),
        h('dt', null, 'Severity'), h('dd', null, doc.severity),
        h('dt', null, 'Impact'), h('dd', null, `${number(doc.financialImpact, 2)} ${doc.currency}`),
        h('dt', null, 'Age'), h('dd', null, doc.ageDays === null || doc.ageDays === undefined ? '—' : `${doc.ageDays} days`),
        h('dt', null, 'Due'), h('dd', null, doc.dueDate ? h('span', { class: doc.overdue ? 'status-Failed' : undefined }, `${doc.dueDate}${doc.overdue ? ' (overdue)' : ''}`) : '—'),
        h('dt', null, 'Records'), h('dd', null, `left ${doc.leftRecord ?? '—'}, right ${doc.rightRecord ?? '—'}`),
        doc.matchedBySuggestion ? [h('dt', null, 'Matched by'), h('dd', null, `suggestion ${doc.matchedBySuggestion}`)] : null,
        h('dt', null, 'Profile'), h('dd', null, doc.profile),
        h('dt', null, 'Match pass'), h('dd', null, doc.matchPass),
        h('dt', null, 'Side'), h('dd', null, doc.side)),
      h('h2', null, 'Records'),
      table('Left and right side by side; the differing field is marked', ['Field', 'Left', 'Right'], [
        h('tr', null, h('td', null, 'key'), h('td', null, doc.key), h('td', null, doc.key)),
        // An unmatched break names no field: the whole record is what one side lacks.
        h('tr', { class: 'diff' }, h('td', null, h('mark', { class: 'diff', title: 'differs' }, doc.field || 'record')),
          h('td', null, h('mark', { class: 'diff' }, doc.leftValue || '(missing)')), h('td', null, h('mark', { class: 'diff' }, doc.rightValue || '(missing)'))),
        doc.difference ? h('tr', null, h('td', null, 'difference'), h('td', { colspan: 2 }, doc.difference)) : null,
      ].filter(Boolean), { 'aria-label': 'Records' }));
    fill(history,
      h('h2', null, 'History'),
      (doc.history ?? []).length === 0 ? h('p', null, 'No moves yet.') :
        table(`${doc.history.length} change(s)`, ['When', 'Who', 'From', 'To', 'Comment'],
          doc.history.map(c => [when(c.at), c.actor, c.from, c.to, c.comment ?? c.note ?? '']), { 'aria-label': 'History' }));
    const next = nextStatuses(ctx, doc.status);
    if (!ctx.can('moveBreak')) { fill(mover); return; }
    if (next.length === 0) { fill(mover, h('p', { class: 'muted' }, doc.status === 'closed' ? 'This break is closed.' : `Your roles cannot move a break that is ${doc.status}.`)); return; }
    const target = select({ name: 'status', required: true }, next, next[0]);
    const assignee = h('input', { name: 'assignee', value: doc.assignee ?? '', maxLength: 100 });
    const comment = h('textarea', { name: 'comment', rows: 3, maxLength: 1000 });
    fill(mover, h('h2', null, 'Move'),
      h('form', { class: 'toolbar', 'aria-label': 'Move this break', onsubmit: async (e) => {
        e.preventDefault();
        news.clear();
        try {
          doc = await api(`/api/recon/${enc(id)}/breaks/${enc(breakId)}`, { method: 'PATCH',
            json: { status: target.value, assignee: assignee.value.trim() === '' ? undefined : assignee.value.trim(), comment: comment.value.trim() || undefined } });
          news.ok(`Moved to ${doc.status}.`);
          draw();
        } catch (err) {
          news.error(err instanceof ApiError ? err.message : String(err));
        }
      } },
      field('Move to', target), field('Assignee', assignee), field('Comment', comment), h('button', { type: 'submit', class: 'primary' }, 'Save')));
  };
  draw();
  // Accepting a suggestion closes this break too: read it again so status and history show it.
  const suggestions = await breakSuggestions(ctx, id, breakId, async () => {
    doc = await api(`/api/recon/${enc(id)}/breaks/${enc(breakId)}`);
    draw();
  });
  return h('section', null,
    h('p', null, h('a', { href: ctx.link(`runs/${enc(id)}`), 'data-nav': true }, `← Run ${id}`)),
    h('h1', null, `Break ${breakId}`), details, news.nodes, suggestions, mover, history);
}
