// Numbers, times and durations as operators read them.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function when(iso) { return iso ? dateTime.format(new Date(iso)) : '—'; }

export function duration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const hr = Math.floor(m / 60);
  return hr < 48 ? `${hr} h ${m % 60} min` : `${Math.floor(hr / 24)} d ${hr % 24} h`;
}

export function number(n, digits = 0) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function percent(share, digits = 1) {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(digits)} %`;
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export const active = status => status === 'Pending' || status === 'Running';

/** "N of M partitions" (and the phase) from a run's custom status. */
export function progress(run) {
  const s = run.customStatus;
  if (!s || typeof s !== 'object' || s.total === undefined) return run.runtimeStatus === 'Pending' ? 'not started' : '—';
  const text = `${s.done} of ${s.total} partitions`;
  return s.phase && s.phase !== 'partitions' ? `${text} (${s.phase})` : text;
}

/** The run's duration: to its last update once finished, to now while it runs. */
export function runDuration(run) {
  const end = active(run.runtimeStatus) ? Date.now() : Date.parse(run.lastUpdatedTime);
  return duration(end - Date.parse(run.createdTime));
}
