// The HTTP API as the console calls it: same origin, the API key from sessionStorage (never localStorage, a cookie or a
// URL), problems turned into the API's own text. In Azure, Easy Auth's session cookie is the credential instead.
const KeyName = 'tributary.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KeyName),
  signIn: key => sessionStorage.setItem(KeyName, key),
  signOut: () => sessionStorage.removeItem(KeyName),
};

/** A refusal of the API: its HTTP status and problem text (title, detail, and each field's problem). */
export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(ApiError.text(problem) || fallback);
    this.status = status;
    this.problem = problem;
  }

  static text(problem) {
    if (!problem || typeof problem !== 'object') return '';
    const parts = [problem.title, problem.detail].filter(Boolean);
    for (const [name, problems] of Object.entries(problem.errors ?? {})) {
      for (const p of problems) if (!parts.some(x => x.includes(p))) parts.push(`${name}: ${p}`);
    }
    return parts.join(' — ');
  }
}

function headers(extra) {
  const all = { Accept: 'application/json', ...extra };
  const key = session.key();
  if (key) all['X-Api-Key'] = key;
  return all;
}

/** Sends a request; the parsed JSON answer (null when empty), or throws ApiError. `accept` lists statuses that are answers too (health's 503). */
export async function api(path, { method = 'GET', json, body, contentType, accept = [] } = {}) {
  const extra = {};
  if (json !== undefined) { extra['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  else if (contentType) extra['Content-Type'] = contentType;
  const response = await fetch(path, { method, headers: headers(extra), body, credentials: 'same-origin', cache: 'no-store' });
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  if (!response.ok && !accept.includes(response.status)) {
    throw new ApiError(response.status, parsed, `${response.status} ${response.statusText}`);
  }
  return parsed;
}

/** Downloads a file the API serves (a run's output) with the credential, then hands it to the browser as a download. */
export async function download(path, name) {
  const response = await fetch(path, { headers: headers({ Accept: '*/*' }), credentials: 'same-origin' });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { problem = null; }
    throw new ApiError(response.status, problem, `${response.status} ${response.statusText}`);
  }
  saveBlob(await response.blob(), name);
}

/** Offers a blob as a file download. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Query string of the set values. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const enc = encodeURIComponent;
