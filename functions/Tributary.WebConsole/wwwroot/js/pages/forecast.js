// Forecast results: recommendations per market day, vendor and product (server-paged, filtered in the URL) and the feedback form.
import { api, ApiError, enc, query } from '../api.js';
import { h, fill, field, table, notices } from '../dom.js';
import { number, percent } from '../format.js';

const PageSize = 50;

export async function forecastResults(ctx, run) {
  const id = run.id;
  const out = run.output ?? {};
  const q = ctx.params.query;
  const filters = { vendor: q.get('vendor') ?? '', product: q.get('product') ?? '', date: q.get('date') ?? '' };
  const token = q.get('page') ?? '';
  const page = await api(`/api/forecast/${enc(id)}/recommendations` + query({ ...filters, pageSize: PageSize, continuationToken: token }));
  const to = (changes) => `runs/${enc(id)}` + query({ ...filters, ...changes });

  const vendor = h('input', { name: 'vendor', value: filters.vendor });
  const product = h('input', { name: 'product', value: filters.product });
  const date = h('input', { name: 'date', value: filters.date, placeholder: 'yyyy-mm-dd' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter recommendations', onsubmit: (e) => {
    e.preventDefault();
    ctx.go(to({ vendor: vendor.value.trim(), product: product.value.trim(), date: date.value.trim(), page: '' }));
  } }, field('Vendor', vendor), field('Product', product), field('Date', date), h('button', { type: 'submit' }, 'Filter'));

  const feedback = feedbackForm(ctx, id);
  const rows = page.items.map(r => [
    r.date, r.market, r.vendor, r.product,
    { text: r.recommendedUnits, class: 'num' }, { text: r.medianUnits, class: 'num' }, { text: `${r.p10Units}–${r.p90Units}`, class: 'num' },
    r.reason, r.inputsUsed,
    feedback ? h('button', { type: 'button', onclick: () => feedback.pick(r) }, 'Report') : '',
  ]);
  return h('section', { 'aria-label': 'Recommendations' },
    h('h2', null, 'Recommendations'),
    h('p', null, `${number(out.recommendations)} recommendations for ${number(out.vendors)} vendors and ${number(out.products)} products on ${(out.dates ?? []).join(', ')}; service level ${percent(out.serviceLevel, 0)}, model version ${out.modelVersion ?? '—'}.`),
    form,
    page.items.length === 0 ? h('p', null, 'No recommendations match these filters.') :
      table(`${page.items.length} recommendations on this page`, ['Date', 'Market', 'Vendor', 'Product', { text: 'Bring', class: 'num' }, { text: 'Median', class: 'num' }, { text: 'Range (p10–p90)', class: 'num' }, 'Reasons', 'Inputs used (degradations)', ''], rows),
    h('nav', { class: 'pager', 'aria-label': 'Recommendation pages' },
      token ? h('a', { href: ctx.link(to({ page: '' })), 'data-nav': true }, 'First page') : null,
      page.continuationToken ? h('a', { href: ctx.link(to({ page: page.continuationToken })), 'data-nav': true }, 'Next page') : null),
    feedback?.node);
}

function feedbackForm(ctx, id) {
  if (!ctx.can('recordFeedback')) return null;
  const news = notices();
  const date = h('input', { name: 'fbDate', required: true, placeholder: 'yyyy-mm-dd' });
  const market = h('input', { name: 'fbMarket', required: true });
  const vendor = h('input', { name: 'fbVendor', required: true });
  const product = h('input', { name: 'fbProduct', required: true });
  const sold = h('input', { name: 'unitsSold', type: 'number', min: 0, required: true });
  const brought = h('input', { name: 'unitsBrought', type: 'number', min: 0 });
  const soldOut = h('input', { name: 'soldOut', type: 'checkbox' });
  const result = h('div');
  const node = h('section', { 'aria-label': 'Feedback' }, h('h2', null, 'Feedback: what was brought and sold'),
    h('form', { class: 'toolbar', onsubmit: async (e) => {
      e.preventDefault();
      news.clear();
      const unitsSold = Number(sold.value);
      // Sold out means everything brought was sold: brought = sold unless a larger figure was entered.
      const unitsBrought = brought.value !== '' ? Number(brought.value) : soldOut.checked ? unitsSold : null;
      try {
        const answer = await api(`/api/forecast/${enc(id)}/feedback`, { method: 'POST',
          json: { actuals: [{ date: date.value.trim(), market: market.value.trim(), vendor: vendor.value.trim(), product: product.value.trim(), unitsSold, unitsBrought }] } });
        news.ok(`Recorded ${answer.recorded} day(s), ${answer.unmatched} without a recommendation; ${answer.ledgerDays} feedback day(s) on this run.`);
        fill(result, answer.variances.length === 0 ? null : table('Variance', ['Vendor', 'Product', { text: 'Recommended', class: 'num' }, { text: 'Brought', class: 'num' }, { text: 'Sold', class: 'num' }, 'Sold out'],
          answer.variances.map(v => [v.vendor, v.product, { text: v.recommendedUnits, class: 'num' }, { text: v.unitsBrought ?? '—', class: 'num' }, { text: v.unitsSold, class: 'num' }, v.soldOut ? 'yes' : 'no'])));
      } catch (err) {
        news.error(err instanceof ApiError ? err.message : String(err));
      }
    } },
    field('Market day', date), field('Market', market), field('Vendor name', vendor), field('Product name', product),
    field('Units sold', sold), field('Units brought', brought), h('label', { class: 'inline' }, soldOut, 'Sold out'),
    h('button', { type: 'submit', class: 'primary' }, 'Send feedback')),
    news.nodes, result);
  return {
    node,
    pick(r) { date.value = r.date; market.value = r.market; vendor.value = r.vendor; product.value = r.product; sold.focus(); },
  };
}
