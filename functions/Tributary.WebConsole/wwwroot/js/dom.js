// Builds elements without innerHTML: every text goes in as a text node, so nothing from the API can become markup.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && !key.includes('-') && key !== 'list') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled control: the label's text is its accessible name. */
export function field(text, control, className) {
  return h('label', { class: className }, text, control);
}

/** A select with the given [value, text] options (or plain values) and the selected value. */
export function select(props, options, selected) {
  const el = h('select', props);
  for (const option of options) {
    const [value, text] = Array.isArray(option) ? option : [option, option];
    el.append(h('option', { value, selected: Array.isArray(selected) ? selected.includes(value) : value === (selected ?? '') }, text));
  }
  return el;
}

/** A table with a caption, header cells and rows of cells (a cell is a node, a text, or {text, class}). */
export function table(caption, headers, rows, props) {
  return h('table', props,
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headers.map(x => x instanceof Node ? x : h('th', { scope: 'col', class: numeric(x) }, label(x))))),
    h('tbody', null, rows.map(row => row instanceof Node ? row : h('tr', null, row.map(cell => cellOf(cell))))));
}

function label(x) { return typeof x === 'object' && x !== null ? x.text : x; }
function numeric(x) { return typeof x === 'object' && x !== null ? x.class : undefined; }
function cellOf(cell) {
  if (cell instanceof Node) return h('td', null, cell);
  if (cell !== null && typeof cell === 'object' && !Array.isArray(cell)) return h('td', { class: cell.class }, cell.node ?? cell.text);
  return h('td', null, cell);
}

/** A region for outcomes: role=status for news, role=alert for refusals. */
export function notices() {
  const ok = h('p', { class: 'notice ok', role: 'status' });
  const error = h('p', { class: 'notice error', role: 'alert' });
  return {
    nodes: [ok, error],
    ok(text) { error.textContent = ''; ok.textContent = text; },
    error(text) { ok.textContent = ''; error.textContent = text; },
    clear() { ok.textContent = ''; error.textContent = ''; },
  };
}
