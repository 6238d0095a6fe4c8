// HPI results: the index by year of one or more CBSAs (or national) under one or more weightings, overlaid, and a CSV of what is shown.
import { api, enc, saveBlob } from '../api.js';
import { h, fill, field, select, table } from '../dom.js';
import { number } from '../format.js';

export const Weightings = ['sample', 'value', 'unit', 'upb', 'college', 'nonwhite'];
const Colors = ['#1f6feb', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#57606a'];

export async function hpiResults(ctx, run) {
  const out = run.output ?? {};
  const dataset = out.dataset;
  const cbsas = ['national', ...(out.cbsaCodes ?? [])];
  const q = ctx.params.query;
  const chosen = { cbsa: q.getAll('cbsa').filter(c => cbsas.includes(c)), weighting: q.getAll('weighting').filter(w => Weightings.includes(w)) };
  if (chosen.cbsa.length === 0) chosen.cbsa = ['national'];
  if (chosen.weighting.length === 0) chosen.weighting = ['sample'];

  const cache = new Map();
  const seriesOf = async (cbsa) => {
    if (!cache.has(cbsa)) cache.set(cbsa, api(`/api/hpi/${enc(cbsa)}?dataset=${enc(dataset)}`).then(p => p.items));
    return cache.get(cbsa);
  };

  const chart = h('div', { class: 'chart', role: 'img', 'aria-label': 'House price index by year' });
  const csvLink = h('a', { href: '#', download: `hpi-${dataset}.csv` }, 'Download CSV');
  const summary = h('div');
  let plot = null;
  let shown = [];

  const cbsaSelect = select({ name: 'cbsa', multiple: true, size: Math.min(6, cbsas.length) }, cbsas.map(c => [c, c === 'national' ? 'National' : c]), chosen.cbsa);
  const weightingSelect = select({ name: 'weighting', multiple: true, size: 6 }, Weightings, chosen.weighting);

  const draw = async () => {
    const picked = { cbsa: [...cbsaSelect.selectedOptions].map(o => o.value), weighting: [...weightingSelect.selectedOptions].map(o => o.value) };
    shown = [];
    for (const cbsa of picked.cbsa) {
      for (const doc of await seriesOf(cbsa)) {
        if (picked.weighting.includes(doc.weighting)) shown.push({ cbsa, weighting: doc.weighting, points: doc.points, baseYear: doc.baseYear });
      }
    }
    if (!ctx.current()) return;
    const years = [...new Set(shown.flatMap(s => s.points.map(p => p.year)))].sort((a, b) => a - b);
    const data = [years, ...shown.map(s => { const byYear = new Map(s.points.map(p => [p.year, p.index])); return years.map(y => byYear.get(y) ?? null); })];
    plot?.destroy();
    chart.replaceChildren();
    plot = new uPlot({
      width: Math.max(480, Math.min(1100, chart.clientWidth || 900)),
      height: 320,
      scales: { x: { time: false } },
      axes: [{ label: 'year', values: (u, ticks) => ticks.map(t => (Number.isInteger(t) ? String(t) : '')) }, { label: 'index' }],
      series: [{ label: 'year' }, ...shown.map((s, i) => ({ label: `${s.cbsa} ${s.weighting}`, stroke: Colors[i % Colors.length], width: 2 }))],
    }, data, chart);
    chart.dataset.series = String(shown.length);
    const rows = ['cbsa,weighting,year,index,level,appreciation'];
    for (const s of shown) for (const p of s.points) rows.push([s.cbsa, s.weighting, p.year, p.index, p.level, p.appreciation ?? ''].join(','));
    csvLink.onclick = (e) => { e.preventDefault(); saveBlob(new Blob([rows.join('\n') + '\n'], { type: 'text/csv' }), `hpi-${dataset}-${picked.cbsa.join('_')}.csv`); };
    fill(summary, table('Latest index of each series shown', ['Series', { text: 'First year', class: 'num' }, { text: 'Last year', class: 'num' }, { text: 'Index', class: 'num' }],
      shown.map(s => { const last = s.points[s.points.length - 1]; return [`${s.cbsa} ${s.weighting}`, { text: s.points[0]?.year, class: 'num' }, { text: last?.year, class: 'num' }, { text: number(last?.index, 1), class: 'num' }]; })));
    // The choice goes in the URL, so the view can be linked and Back restores it.
    const params = new URLSearchParams(location.search);
    params.delete('cbsa'); params.delete('weighting');
    for (const c of picked.cbsa) params.append('cbsa', c);
    for (const w of picked.weighting) params.append('weighting', w);
    history.replaceState(null, '', `${location.pathname}?${params}`);
  };
  cbsaSelect.addEventListener('change', draw);
  weightingSelect.addEventListener('change', draw);

  const section = h('section', { 'aria-label': 'House price index' },
    h('h2', null, `House price index: dataset ${dataset}`),
    h('p', null, `${number(out.cbsas)} CBSAs, ${number(out.transactions)} transactions (${number(out.rejectedRows)} rejected), ${number(out.pairsKept)} pairs kept, ${out.firstYear ?? '?'}–${out.lastYear ?? '?'}. Hold Ctrl (⌘) to overlay several CBSAs or weightings.`),
    h('form', { class: 'filters', onsubmit: e => e.preventDefault() }, field('CBSA', cbsaSelect), field('Weighting', weightingSelect), csvLink),
    chart, summary);
  queueMicrotask(() => draw().catch(e => fill(summary, h('p', { class: 'notice error', role: 'alert' }, e.message))));
  return section;
}
