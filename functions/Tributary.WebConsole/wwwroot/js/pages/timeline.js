// The run page's per-partition timeline: one bar per partition from its first scheduled attempt to its last attempt's end,
// with attempts and failures, read from GET /api/runs/{id}/partitions (the run's orchestration history), a page at a time.
import { api, enc } from '../api.js';
import { h, fill, table } from '../dom.js';
import { duration, number, when } from '../format.js';

const PageSize = 200;

export function partitionTimeline(id) {
  const body = h('div', { 'data-testid': 'partition-timeline' });
  const section = h('section', { 'aria-labelledby': 'timeline-heading' }, h('h2', { id: 'timeline-heading' }, 'Partitions'), body);
  let shown = [];
  let next = null;
  let total = 0;

  const draw = available => {
    if (!available) {
      fill(body, h('p', { class: 'muted' }, 'This host cannot read orchestration histories, so there is no partition timeline.'));
      return;
    }
    if (shown.length === 0) {
      fill(body, h('p', { class: 'muted' }, 'No partition has been scheduled yet.'));
      return;
    }
    // One time axis for the rows shown: from the earliest start to the latest end (or now, for a partition still running).
    const now = Date.now();
    const starts = shown.map(p => Date.parse(p.start));
    const ends = shown.map(p => (p.end ? Date.parse(p.end) : now));
    const t0 = Math.min(...starts);
    const span = Math.max(1, Math.max(...ends) - t0);
    const rows = shown.map((p, i) => {
      const left = (100 * (starts[i] - t0)) / span;
      const width = Math.max(0.5, (100 * (ends[i] - starts[i])) / span);
      const label = `partition ${p.partition ?? p.index}: ${p.status}, ${p.attempts} attempt(s), ${p.failures} failure(s), ${duration(ends[i] - starts[i])}`;
      const bar = h('div', { class: 'timeline', role: 'img', 'aria-label': label },
        h('span', { class: p.failures > 0 ? 'failed' : null, title: p.lastError ?? label, style: { left: `${left}%`, width: `${Math.min(width, 100 - left)}%` } }));
      return h('tr', { 'data-partition': String(p.index) },
        h('td', { class: 'num' }, String(p.index)),
        h('td', null, p.partition ?? '—'),
        h('td', null, bar),
        h('td', null, when(p.start)),
        h('td', null, p.end ? when(p.end) : '—'),
        h('td', { class: 'num', 'data-testid': 'attempts' }, number(p.attempts)),
        h('td', { class: 'num', 'data-testid': 'failures' }, number(p.failures)),
        h('td', { class: `status-${p.status}` }, p.status),
        h('td', null, p.lastError ?? ''));
    });
    fill(body,
      table(`${number(shown.length)} of ${number(total)} partitions; bars from first scheduled to last ended, red where an attempt failed`,
        [{ text: '#', class: 'num' }, 'Partition', 'Timeline', 'Start', 'End', { text: 'Attempts', class: 'num' }, { text: 'Failures', class: 'num' }, 'Status', 'Last error'],
        rows, { 'aria-label': 'Partition timeline' }),
      next ? h('p', { class: 'pager' }, h('button', { type: 'button', onclick: () => more() }, 'More partitions')) : null);
  };

  const read = async token => {
    const query = `pageSize=${PageSize}${token ? `&continuationToken=${enc(token)}` : ''}`;
    return api(`/api/runs/${enc(id)}/partitions?${query}`);
  };

  const more = async () => {
    const page = await read(next);
    shown = shown.concat(page.partitions);
    next = page.continuationToken ?? null;
    total = page.total;
    draw(page.historyAvailable);
  };

  return {
    node: section,
    // Reads the first page again (live runs) or for the first time; pages read with "More partitions" are read again too.
    async refresh() {
      try {
        const page = await read(null);
        const keep = Math.max(shown.length, page.partitions.length);
        shown = page.partitions;
        next = page.continuationToken ?? null;
        total = page.total;
        while (next && shown.length < keep) {
          const further = await read(next);
          shown = shown.concat(further.partitions);
          next = further.continuationToken ?? null;
        }
        draw(page.historyAvailable);
      } catch (e) {
        fill(body, h('p', { class: 'notice error', role: 'alert' }, `The partition timeline could not be read: ${e.message}`));
      }
    },
  };
}
