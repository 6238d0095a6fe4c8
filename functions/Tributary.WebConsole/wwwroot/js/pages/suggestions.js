// A break's suggested matches: each with its confidence, explanation, the profile change that would have matched it and the
// other records it groups; an approver accepts (its breaks close as matched by it) or rejects it (with a reason).
import { api, ApiError, enc, query } from '../api.js';
import { h, fill, table, notices } from '../dom.js';
import { percent, when } from '../format.js';

/** The suggestions section of a break view; onDecided runs after an accept (the break changed) with the closed breaks. */
export async function breakSuggestions(ctx, runId, breakId, onDecided) {
  const section = h('section', { 'aria-label': 'Suggested matches' });
  const news = notices();
  let items;
  try {
    items = (await api(`/api/recon/${enc(runId)}/suggestions` + query({ breakId }))).items;
  } catch (err) {
    return fill(section, h('h2', null, 'Suggested matches'), h('p', { class: 'muted' }, err instanceof ApiError ? err.message : String(err)));
  }

  const draw = () => {
    const canDecide = ctx.can('decideSuggestion');
    fill(section, h('h2', null, 'Suggested matches'),
      items.length === 0 ? h('p', null, 'No suggested match for this break.') :
        items.map(s => card(s, canDecide)), news.nodes);
  };

  const card = (s, canDecide) => {
    const others = s.breakIds.filter(b => b !== breakId);
    const comment = h('input', { name: 'suggestionComment', maxLength: 1000, 'aria-label': `Comment on suggestion ${s.id}` });
    const decide = async (verb) => {
      news.clear();
      try {
        const result = await api(`/api/recon/${enc(runId)}/suggestions/${enc(s.id)}/${verb}`, { method: 'POST', json: { comment: comment.value.trim() || undefined } });
        items = items.map(x => (x.id === s.id ? result.suggestion : x));
        news.ok(verb === 'accept' ? `Accepted: ${result.breaks.length} break(s) closed as matched.` : 'Rejected: a re-run will not suggest it again.');
        draw();
        if (verb === 'accept') await onDecided?.(result);
      } catch (err) {
        news.error(err instanceof ApiError ? err.message : String(err));
      }
    };
    return h('article', { class: 'suggestion', 'aria-label': `Suggestion ${s.id}` },
      table(`${s.kind.replaceAll('_', ' ')} · ${s.status}`, ['Confidence', 'Explanation', 'Would match if', 'Left records', 'Right records', 'Other breaks'], [[
        { text: percent(s.confidence, 0), class: 'num' },
        s.explanation,
        s.wouldMatchIf || '—',
        s.leftRecords.join('; '),
        s.rightRecords.join('; '),
        others.length === 0 ? '—' : h('span', null, others.map((b, i) => [i > 0 ? ', ' : '', h('a', { href: ctx.link(`runs/${enc(runId)}/breaks/${enc(b)}`), 'data-nav': true }, b)])),
      ]], { 'aria-label': `Suggestion ${s.id}` }),
      s.decision ? h('p', { class: 'muted' }, `${s.status} by ${s.decision.actor} ${when(s.decision.at)}${s.decision.comment ? `: ${s.decision.comment}` : ''}`) : null,
      canDecide && s.status === 'proposed' ? h('form', { class: 'toolbar', 'aria-label': `Decide suggestion ${s.id}`, onsubmit: e => e.preventDefault() },
        comment,
        h('button', { type: 'button', class: 'primary', onclick: () => decide('accept') }, 'Accept'),
        h('button', { type: 'button', onclick: () => decide('reject') }, 'Reject')) : null);
  };

  draw();
  return section;
}
