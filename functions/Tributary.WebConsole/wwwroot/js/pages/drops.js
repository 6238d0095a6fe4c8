// Drops: incomplete drops per container (GET /api/drops) and quarantined drops with their reports (GET /api/drops/quarantined).
import { api, enc } from '../api.js';
import { h, table } from '../dom.js';
import { when } from '../format.js';

export async function dropsPage(ctx) {
  const [drops, quarantined] = await Promise.all([api('/api/drops'), api('/api/drops/quarantined')]);
  const pending = drops.containers.flatMap(c => c.pending.map(p => ({ ...p, kind: c.kind, container: c.container })));
  return h('section', null,
    h('h1', null, 'Drops'),
    h('h2', null, 'Pending'),
    pending.length === 0 ? h('p', null, `No incomplete drops in ${drops.containers.map(c => c.container).join(', ')}.`) :
      table(`${pending.length} incomplete drop(s)`, ['Container', 'Folder', 'Files', 'Missing', 'Run', 'Why'], pending.map(p => [
        p.container, p.folder, p.files.join(', '), p.missing.join(', '),
        p.runId ? h('a', { href: ctx.link(`runs/${enc(p.runId)}`), 'data-nav': true }, p.runId) : '—', p.reason])),
    h('h2', null, 'Quarantined'),
    quarantined.reports.length === 0 ? h('p', null, 'No quarantined drops.') :
      h('div', null, quarantined.reports.map(r => h('article', { 'aria-label': `Quarantine report ${r.path}` },
        h('h3', null, `${r.path}`),
        h('p', { class: 'muted' }, `${when(r.lastModified)}${r.runId ? ' · run ' : ''}`, r.runId ? h('a', { href: ctx.link(`runs/${enc(r.runId)}`), 'data-nav': true }, r.runId) : null),
        h('pre', null, r.report)))),
    quarantined.more ? h('p', { class: 'muted' }, `Showing the newest ${quarantined.reports.length}; older reports stay in the quarantine container.`) : null);
}
