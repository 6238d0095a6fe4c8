// Health: each dependency probed now, the drop watcher, the timers (GET /api/health with a reader credential).
import { api } from '../api.js';
import { h, table } from '../dom.js';
import { number, when } from '../format.js';

export async function healthPage() {
  const health = await api('/api/health', { accept: [503] });
  const ok = v => h('span', { class: v ? 'status-Completed' : 'status-Failed' }, v ? 'healthy' : 'unhealthy');
  return h('section', null,
    h('h1', null, 'Health'),
    h('p', null, h('strong', { class: health.status === 'Healthy' ? 'status-Completed' : 'status-Failed' }, health.status), ` · ${health.backend} · task hub ${health.taskHub} · workloads ${(health.workloads ?? []).join(', ')}`),
    h('h2', null, 'Dependencies'),
    table(null, ['Dependency', 'Target', 'State', 'Problem', { text: 'ms', class: 'num' }],
      (health.dependencies ?? []).map(d => [d.name, d.target, ok(d.healthy), d.problem ?? '', { text: number(d.milliseconds, 0), class: 'num' }])),
    h('h2', null, 'Drop watcher'),
    health.drops ? h('dl', { class: 'facts' },
      h('dt', null, 'Last scan'), h('dd', null, when(health.drops.lastScan)),
      h('dt', null, 'Scans'), h('dd', null, number(health.drops.scans)),
      h('dt', null, 'Runs started'), h('dd', null, number(health.drops.runsStarted)),
      h('dt', null, 'Last error'), h('dd', null, health.drops.lastError ?? 'none')) : h('p', null, 'Not reported by this host.'),
    h('h2', null, 'Timers'),
    (health.timers ?? []).length === 0 ? h('p', null, 'No timers.') :
      table(null, ['Timer', 'Schedule (UTC)', 'Action', 'Last run', 'Result', 'Next run'],
        health.timers.map(t => [t.name, t.schedule, t.action, when(t.lastRun), t.lastResult ?? '—', when(t.nextRun)])));
}
