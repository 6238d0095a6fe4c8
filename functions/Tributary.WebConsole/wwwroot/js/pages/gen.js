// Generation results: batches, rows, fraud and anomaly rates by type against the request, and the files to download.
import { api, ApiError, download, enc } from '../api.js';
import { h, table, notices } from '../dom.js';
import { bytes, number, percent } from '../format.js';

export async function genResults(ctx, run) {
  const id = run.id;
  const [docs, files] = await Promise.all([api(`/api/gen/${enc(id)}`), api(`/api/runs/${enc(id)}/files`)]);
  const manifest = docs.items.find(d => d.id === 'manifest')?.manifest ?? {};
  const batches = manifest.batches ?? [];
  const rows = batches.reduce((s, b) => s + b.rows, 0);
  const fraud = batches.reduce((s, b) => s + b.fraudRows, 0);
  const anomalies = batches.reduce((s, b) => s + b.anomalyRows, 0);
  const byType = (key) => {
    const totals = {};
    for (const b of batches) for (const [k, v] of Object.entries(b[key] ?? {})) totals[k] = (totals[k] ?? 0) + v;
    return Object.entries(totals).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, { text: number(v), class: 'num' }, { text: percent(rows ? v / rows : 0, 3), class: 'num' }]);
  };
  // The request's rates against what came out: a verdict per rate, within a fifth of the target (or 0.1 point).
  const verdict = (asked, got) => (Math.abs(got - asked) <= Math.max(0.001, asked * 0.2) ? 'pass' : 'check');
  const news = notices();
  return h('section', { 'aria-label': 'Generated data' },
    h('h2', null, 'Generated data'),
    h('dl', { class: 'facts' },
      h('dt', null, 'Rows'), h('dd', null, `${number(rows)} of ${number(manifest.totalCount)} in ${number(batches.length)} of ${number(manifest.batchCount)} batches`),
      h('dt', null, 'Seed'), h('dd', null, String(manifest.seed ?? '—')),
      h('dt', null, 'Format'), h('dd', null, `${manifest.format ?? '—'}${manifest.features ? ', with features' : ''}`),
      h('dt', null, 'Customers, merchants'), h('dd', null, `${number(manifest.customerCount)}, ${number(manifest.merchantCount)}`)),
    table('Quality checks', ['Check', { text: 'Requested', class: 'num' }, { text: 'Generated', class: 'num' }, 'Verdict'], [
      ['fraud rate', { text: percent(manifest.fraudRate, 2), class: 'num' }, { text: percent(rows ? fraud / rows : 0, 2), class: 'num' }, verdict(manifest.fraudRate ?? 0, rows ? fraud / rows : 0)],
      ['anomaly rate', { text: percent(manifest.anomalyRate, 2), class: 'num' }, { text: percent(rows ? anomalies / rows : 0, 2), class: 'num' }, verdict(manifest.anomalyRate ?? 0, rows ? anomalies / rows : 0)],
      ['batches complete', { text: number(manifest.batchCount), class: 'num' }, { text: number(batches.length), class: 'num' }, batches.length === manifest.batchCount ? 'pass' : 'check'],
    ]),
    h('div', { class: 'split' },
      table('Fraud by type', ['Type', { text: 'Rows', class: 'num' }, { text: 'Share', class: 'num' }], byType('fraudByType')),
      table('Anomalies by type', ['Type', { text: 'Rows', class: 'num' }, { text: 'Share', class: 'num' }], byType('anomalyByType'))),
    table(`${batches.length} batches`, [{ text: 'Batch', class: 'num' }, 'File', { text: 'Rows', class: 'num' }, { text: 'Size', class: 'num' }, { text: 'Fraud', class: 'num' }, { text: 'Anomalies', class: 'num' }, 'SHA-256'],
      batches.map(b => [{ text: b.index, class: 'num' }, b.file, { text: number(b.rows), class: 'num' }, { text: bytes(b.bytes), class: 'num' }, { text: number(b.fraudRows), class: 'num' }, { text: number(b.anomalyRows), class: 'num' }, h('code', null, b.sha256.slice(0, 16))])),
    h('h2', null, 'Files'),
    news.nodes,
    h('ul', { 'aria-label': 'Downloads' }, files.files.map(f => h('li', null,
      h('a', { href: `/api/runs/${enc(id)}/files/${f.name.split('/').map(enc).join('/')}`, onclick: async (e) => {
        e.preventDefault();
        try { await download(e.currentTarget.getAttribute('href'), f.name.split('/').pop()); } catch (err) { news.error(err instanceof ApiError ? err.message : String(err)); }
      } }, f.name), ` (${bytes(f.bytes)})`))));
}
