// The run page: status, live progress, trace, failure, actions the caller's roles and the run's state allow, then its results.
import { api, ApiError, enc } from '../api.js';
import { h, fill, field, notices } from '../dom.js';
import { active, progress, runDuration, when } from '../format.js';
import { hpiResults } from './hpi.js';
import { reconResults } from './recon.js';
import { forecastResults } from './forecast.js';
import { genResults } from './gen.js';
import { partitionTimeline } from './timeline.js';

const PollMs = 1500;
const Results = { hpi: hpiResults, recon: reconResults, forecast: forecastResults, gen: genResults };

export async function runPage(ctx) {
  const id = ctx.params.id;
  let run = await api(`/api/runs/${enc(id)}`);
  const news = notices();
  const facts = h('dl', { class: 'facts' });
  const bar = h('span');
  const actions = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Run actions' });
  const failure = h('div');
  const results = h('div');
  const timeline = partitionTimeline(id);
  let shownResultsFor = null;

  const drawFacts = () => {
    const s = run.customStatus;
    bar.style.width = s && s.total ? `${Math.round((100 * s.done) / s.total)}%` : run.runtimeStatus === 'Completed' ? '100%' : '0%';
    const trace = run.traceId
      ? (ctx.traceUrl ? h('a', { href: ctx.traceUrl.replaceAll('{traceId}', enc(run.traceId)), rel: 'noreferrer' }, run.traceId) : run.traceId)
      : null;
    const source = run.input?.source ? `${run.input.source.container}/${run.input.source.prefix ?? ''}` : null;
    fill(facts,
      h('dt', null, 'Workload'), h('dd', null, run.kind),
      h('dt', null, 'Status'), h('dd', null, h('strong', { class: `status-${run.runtimeStatus}`, 'data-testid': 'run-status' }, run.runtimeStatus)),
      h('dt', null, 'Progress'), h('dd', null, h('span', { 'data-testid': 'run-progress' }, progress(run)), h('div', { class: 'bar', 'aria-hidden': 'true' }, bar)),
      h('dt', null, 'Started'), h('dd', null, when(run.createdTime)),
      h('dt', null, 'Duration'), h('dd', null, runDuration(run)),
      h('dt', null, 'Last update'), h('dd', null, when(run.lastUpdatedTime)),
      trace ? [h('dt', null, 'Trace'), h('dd', null, trace)] : null,
      source ? [h('dt', null, 'Input'), h('dd', null, source)] : null,
      run.input?.previousRunId ? [h('dt', null, 'Follows'), h('dd', null, h('a', { href: ctx.link(`runs/${enc(run.input.previousRunId)}`), 'data-nav': true }, run.input.previousRunId))] : null,
      run.runtimeStatus === 'Terminated' && typeof run.output === 'string' ? [h('dt', null, 'Reason'), h('dd', null, run.output)] : null);
    fill(failure, run.failure
      ? [h('h2', null, 'Failure'), h('pre', { 'data-testid': 'run-failure' }, `${run.failure.errorType}: ${run.failure.message}`)]
      : null);
  };

  const act = async (what, send) => {
    news.clear();
    for (const b of actions.querySelectorAll('button')) b.disabled = true;
    try {
      await send();
    } catch (e) {
      news.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      for (const b of actions.querySelectorAll('button')) b.disabled = false;
    }
  };

  const drawActions = () => {
    const running = active(run.runtimeStatus);
    const reason = h('input', { name: 'reason', maxLength: 500, placeholder: 'why (optional)' });
    fill(actions,
      running && ctx.can('terminateRun') ? [field('Reason', reason), h('button', { type: 'button', class: 'danger', onclick: () => act('terminate', async () => {
        const query = reason.value.trim() ? `?reason=${enc(reason.value.trim())}` : '';
        run = await api(`/api/runs/${enc(id)}/terminate${query}`, { method: 'POST' });
        news.ok(`Run ${id} is ${run.runtimeStatus}.`);
        update();
      }) }, 'Terminate')] : null,
      !running && ctx.can('rerunRun') ? h('button', { type: 'button', onclick: () => act('rerun', async () => {
        const links = await api(`/api/runs/${enc(id)}/rerun`, { method: 'POST' });
        ctx.go(`runs/${enc(links.id)}`);
      }) }, 'Rerun') : null,
      !running && ctx.can('purgeRun') ? h('button', { type: 'button', class: 'danger', onclick: () => act('purge', async () => {
        const purged = await api(`/api/runs/${enc(id)}`, { method: 'DELETE' });
        fill(results);
        news.ok(`Run ${id} purged: ${purged.instancesDeleted} instance(s), ${purged.resultsDeleted} result item(s). `);
        for (const b of actions.querySelectorAll('button')) b.remove();
      }) }, 'Purge') : null);
  };

  const drawResults = async () => {
    if (shownResultsFor === run.runtimeStatus) return;
    shownResultsFor = run.runtimeStatus;
    const show = Results[run.kind];
    if (run.runtimeStatus !== 'Completed' || !show) {
      fill(results, run.runtimeStatus === 'Completed' ? null : h('p', { class: 'muted' }, 'Results show here once the run has completed.'));
      return;
    }
    try {
      fill(results, await show(ctx, run));
    } catch (e) {
      fill(results, h('p', { class: 'notice error', role: 'alert' }, `Results could not be read: ${e.message}`));
    }
  };

  let timer = null;
  const update = () => {
    drawFacts();
    drawActions();
    drawResults();
  };
  const poll = async () => {
    if (!ctx.current()) return;
    try {
      run = await api(`/api/runs/${enc(id)}`);
      update();
      await timeline.refresh();
    } catch (e) {
      news.error(e.message);
    }
    if (active(run.runtimeStatus) && ctx.current()) timer = setTimeout(poll, PollMs);
  };

  update();
  timeline.refresh();
  if (active(run.runtimeStatus)) timer = setTimeout(poll, PollMs);
  return h('section', null,
    h('p', null, h('a', { href: ctx.link('runs'), 'data-nav': true }, '← All runs')),
    h('h1', null, `Run ${id}`),
    facts, actions, news.nodes, failure, timeline.node, results);
}
