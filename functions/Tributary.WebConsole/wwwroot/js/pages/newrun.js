// New run: gen from its parameters (POST /api/runs/gen); the drop workloads by uploading files into a new drop folder,
// manifest last (PUT /api/drops/{kind}/{folder}/{file}), which starts the run; then the run's page.
import { api, ApiError, enc } from '../api.js';
import { h, fill, field, select, notices } from '../dom.js';
import { bytes } from '../format.js';

const Drops = {
  hpi: { files: 'transactions.csv, tracts.csv, optional tract_years.csv', params: [
    ['dataset', 'Dataset', 'text', 'defaults to the folder name'], ['startYear', 'Start year', 'number'], ['endYear', 'End year', 'number'],
    ['baseYear', 'Base year', 'number'], ['skipInvalid', 'Skip invalid rows', 'checkbox']] },
  recon: { files: 'left.csv, right.csv', params: [['profile', 'Profile', ['trades', 'positions', 'inventory', 'pos']], ['buckets', 'Buckets', 'number', '1-4096 (4)']] },
  forecast: { files: 'sales.csv, optional weather.csv, events.csv, products.csv', params: [
    ['dates', 'Market days', 'text', 'yyyy-mm-dd, comma-separated (default: next market day)'], ['serviceLevel', 'Service level', 'number', '0-1 (0.8)'],
    ['partitions', 'Partitions', 'number', '1-1000 (64)']] },
};

const GenParams = [
  ['count', 'Rows', 'number', '100000'], ['batchSize', 'Batch size', 'number', 'automatic'], ['seed', 'Seed', 'number', '42'],
  ['fraudRate', 'Fraud rate', 'number', '0.0-1.0'], ['anomalyRate', 'Anomaly rate', 'number', '0.0-1.0'],
  ['customerCount', 'Customers', 'number'], ['merchantCount', 'Merchants', 'number'], ['format', 'Format', ['csv', 'parquet', 'jsonl']],
  ['features', 'ML features', 'checkbox'],
];

function control([name, , type, placeholder]) {
  if (Array.isArray(type)) return select({ name }, [['', '(default)'], ...type], '');
  if (type === 'checkbox') return h('input', { name, type: 'checkbox' });
  return h('input', { name, type: type === 'number' ? 'text' : type, inputMode: type === 'number' ? 'decimal' : undefined, placeholder });
}

function parameters(specs, form) {
  const values = {};
  for (const [name, , type] of specs) {
    const input = form.elements.namedItem(name);
    if (type === 'checkbox') { if (input.checked) values[name] = true; continue; }
    const text = input.value.trim();
    if (text === '') continue;
    if (name === 'dates') values.dates = text.split(',').map(s => s.trim()).filter(Boolean);
    else values[name] = type === 'number' ? Number(text) : text;
  }
  return values;
}

export async function newRunPage(ctx) {
  if (!ctx.can('startRun')) {
    return h('section', null, h('h1', null, 'New run'), h('p', { class: 'notice' }, `${ctx.me.name} (${ctx.me.roles.join(', ')}) may not start runs: that needs the operator role (or admin).`));
  }
  const kind = ctx.params.query.get('kind') ?? 'gen';
  const news = notices();
  const progress = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const body = h('div');
  const kindSelect = select({ name: 'kind', onchange: e => ctx.go(`new?kind=${enc(e.target.value)}`, true) }, ['gen', 'hpi', 'recon', 'forecast'], kind);

  if (kind === 'gen') {
    const id = h('input', { name: 'id', placeholder: 'optional; a new id when empty' });
    const form = h('form', { class: 'toolbar', 'aria-label': 'Generation parameters', onsubmit: async (e) => {
      e.preventDefault();
      news.clear();
      try {
        const links = await api('/api/runs/gen', { method: 'POST', json: { id: id.value.trim() || undefined, parameters: parameters(GenParams, form) } });
        ctx.go(`runs/${enc(links.id)}`);
      } catch (err) {
        news.error(err instanceof ApiError ? err.message : String(err));
      }
    } }, field('Run id', id), GenParams.map(p => p[2] === 'checkbox' ? h('label', { class: 'inline' }, control(p), p[1]) : field(p[1], control(p))),
    h('button', { type: 'submit', class: 'primary' }, 'Start run'));
    fill(body, form);
  } else {
    const spec = Drops[kind];
    const folder = h('input', { name: 'folder', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]*', placeholder: 'e.g. market-7' });
    const files = h('input', { name: 'files', type: 'file', multiple: true, required: true, accept: '.csv,.json,.parquet' });
    const form = h('form', { class: 'toolbar', 'aria-label': 'Drop upload', onsubmit: async (e) => {
      e.preventDefault();
      news.clear();
      progress.replaceChildren();
      const chosen = [...files.files];
      const manifestFile = chosen.find(f => f.name === 'manifest.json');
      const data = chosen.filter(f => f !== manifestFile);
      const put = async (name, blob) => {
        const item = h('li', null, `${name}: uploading ${bytes(blob.size)}…`);
        progress.append(item);
        const stored = await api(`/api/drops/${enc(kind)}/${enc(folder.value.trim())}/${enc(name)}`, { method: 'PUT', body: blob, contentType: 'application/octet-stream' });
        item.textContent = `${name}: uploaded ${bytes(stored.bytes)}`;
        return stored;
      };
      try {
        for (const f of data) await put(f.name, f);
        // The manifest goes last: its arrival starts the run. One is written from the form when none was chosen.
        const manifest = manifestFile ?? new Blob([JSON.stringify(parameters(spec.params, form))], { type: 'application/json' });
        const started = await put('manifest.json', manifest);
        if (started.decision === 'Quarantined') {
          news.error(`The drop was quarantined (run ${started.runId}): see Drops for its report.`);
          return;
        }
        ctx.go(`runs/${enc(started.runId)}`);
      } catch (err) {
        news.error(err instanceof ApiError ? err.message : String(err));
      }
    } },
    field('Folder', folder), field('Files', files), spec.params.map(p => p[2] === 'checkbox' ? h('label', { class: 'inline' }, control(p), p[1]) : field(p[1], control(p))),
    h('button', { type: 'submit', class: 'primary' }, 'Upload and start'));
    fill(body, h('p', { class: 'muted' }, `Files this drop uses: ${spec.files}; others are stored but ignored. A manifest.json you choose is uploaded last as it is; otherwise one is written from the fields.`), form);
  }

  return h('section', null, h('h1', null, 'New run'),
    h('form', { class: 'filters', onsubmit: e => e.preventDefault() }, field('Workload', kindSelect)),
    body, news.nodes, progress);
}
