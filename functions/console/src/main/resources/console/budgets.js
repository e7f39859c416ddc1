// Budgets: every run's limit, spent, reserved and remaining as a bar coloured by its thresholds, the breaker and
// the thresholds crossed; close a breaker or raise a limit (PATCH /budget/{run_id}, after a confirmation).
// Paged by GET /budgets (newest first); a run can also be opened by its id. Polled while shown.
import { api, poller, query } from './api.js';
import { badge, clear, confirmDialog, el, fill, problem, time, toast } from './dom.js';

const POLL_MS = 2000;
const PAGE = 20;

export function mountBudgets(root) {
  const lookup = el('input', { placeholder: 'run id', 'data-testid': 'budget-lookup' });
  const breaker = el('select', { 'data-testid': 'budget-breaker' }, el('option', { value: '' }, 'any breaker'),
    el('option', { value: 'open' }, 'breaker open'), el('option', { value: 'closed' }, 'breaker closed'));
  const status = el('span', { class: 'muted' });
  const error = el('div');
  const pinned = el('div', { class: 'cards' });
  const list = el('div', { class: 'cards', 'data-testid': 'budget-list' });
  const empty = el('p', { class: 'empty', hidden: true }, 'No budget yet.');
  const newer = el('button', { disabled: true }, '← Newer');
  const older = el('button', { disabled: true, 'data-testid': 'budgets-older' }, 'Older →');
  const cursors = [null]; // cursors[i] = the cursor of page i
  let page = 0;
  let next = null;
  let pinnedRun = null;
  const cards = new Map();

  fill(root, 
    el('div', { class: 'toolbar' },
      el('h2', {}, 'Budgets'),
      el('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); pin(lookup.value.trim()); } },
        el('label', {}, 'Open run ', lookup), el('button', { type: 'submit' }, 'Open')),
      el('label', {}, 'Show ', breaker),
      status),
    error, pinned, list, empty,
    el('div', { class: 'pager' }, newer, older));

  breaker.addEventListener('change', () => { page = 0; cursors.length = 1; polling.now(); });
  newer.addEventListener('click', () => { if (page > 0) { page--; polling.now(); } });
  older.addEventListener('click', () => { if (next) { cursors[page + 1] = next; page++; polling.now(); } });

  function pin(run) {
    pinnedRun = run || null;
    polling.now();
  }

  async function refresh() {
    const errors = [];
    const shown = new Set();
    if (pinnedRun) {
      try {
        const b = await api('GET', 'budget/' + encodeURIComponent(pinnedRun));
        place(b, pinned, 'pinned:');
        shown.add('pinned:' + b.run_id);
      } catch (e) {
        errors.push(problem(e));
      }
    }
    try {
      const result = await api('GET', 'budgets' + query({ limit: PAGE, cursor: cursors[page], breaker: breaker.value }));
      const budgets = result.budgets || [];
      budgets.forEach(b => { place(b, list, ''); shown.add(b.run_id); });
      next = result.next_cursor || null;
      empty.hidden = budgets.length > 0 || page > 0;
      // keep the order of the answer (newest first)
      budgets.forEach(b => list.append(cards.get(b.run_id).node));
    } catch (e) {
      errors.push(problem(e));
      next = null;
    }
    for (const [key, card] of cards) {
      if (!shown.has(key)) {
        card.node.remove();
        cards.delete(key);
      }
    }
    newer.disabled = page === 0;
    older.disabled = !next;
    fill(error, errors);
    status.textContent = 'page ' + (page + 1) + ' · updated ' + new Date().toLocaleTimeString();
  }

  function place(b, container, prefix) {
    const key = prefix + b.run_id;
    let card = cards.get(key);
    if (!card) {
      card = budgetCard(b.run_id, () => polling.now());
      cards.set(key, card);
      container.append(card.node);
    }
    card.update(b);
  }

  const polling = poller(refresh, POLL_MS);
  return { show: () => polling.start(), hide: () => polling.stop(), refresh: () => polling.now() };
}

function num(v) {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function pct(part, whole) {
  return whole > 0 ? Math.max(0, Math.min(100, (part / whole) * 100)) : (part > 0 ? 100 : 0);
}

/** ok below the first threshold, warn past one, high past the last, over when exceeded or the breaker is open. */
export function level(b) {
  const limit = num(b.limit);
  const used = limit > 0 ? (num(b.spent) + num(b.reserved)) / limit : 1;
  const thresholds = (b.thresholds || []).map(num).sort((x, y) => x - y);
  if (b.exceeded || b.circuit_open || used >= 1) return 'over';
  const last = thresholds.length ? thresholds[thresholds.length - 1] : 0.9;
  const first = thresholds.length ? thresholds[0] : 0.5;
  if (used >= last) return 'high';
  if (used >= first || (b.thresholds_crossed || []).length) return 'warn';
  return 'ok';
}

function budgetCard(runId, changed) {
  const title = el('h3', {}, runId);
  const badges = el('span', { class: 'badges' });
  const bar = el('div', { class: 'bar', role: 'img', 'data-testid': 'bar' });
  const spentSeg = el('div', { class: 'seg spent' });
  const reservedSeg = el('div', { class: 'seg reserved' });
  const ticks = el('div', { class: 'ticks' });
  bar.append(spentSeg, reservedSeg, ticks);
  const numbers = el('div', { class: 'numbers', 'data-testid': 'numbers' });
  const thresholds = el('div', { class: 'thresholds' });
  const meta = el('div', { class: 'meta muted' });
  const feedback = el('div');
  const newLimit = el('input', { class: 'amount', placeholder: 'new limit', inputmode: 'decimal', 'data-testid': 'new-limit' });
  const raise = el('button', { 'data-testid': 'raise-limit' }, 'Set limit');
  const close = el('button', { class: 'danger', hidden: true, 'data-testid': 'close-breaker' }, 'Close breaker');
  const node = el('article', { class: 'card budget', 'data-run': runId, 'data-testid': 'budget' },
    el('header', {}, title, badges), bar, numbers, thresholds, meta,
    el('div', { class: 'actions' }, newLimit, raise, close), feedback);
  let current = null;

  async function patch(body, what) {
    raise.disabled = close.disabled = true;
    try {
      await api('PATCH', 'budget/' + encodeURIComponent(runId), body);
      clear(feedback);
      toast(what + ' (' + runId + ')', 'ok');
      newLimit.value = '';
      changed();
    } catch (e) {
      fill(feedback, problem(e));
    } finally {
      raise.disabled = close.disabled = false;
    }
  }

  raise.addEventListener('click', async () => {
    const value = newLimit.value.trim();
    if (!value) {
      newLimit.focus();
      return;
    }
    const cur = current ? current.limit + ' ' + (current.currency || '') : '';
    if (await confirmDialog('Change the limit?', 'Set the limit of ' + runId + ' from ' + cur.trim() + ' to ' + value + '.', 'Set limit')) {
      await patch({ limit: value }, 'Limit set to ' + value);
    }
  });
  close.addEventListener('click', async () => {
    if (await confirmDialog('Close the breaker?', 'Spends and money-costing checks of ' + runId
        + ' will be allowed again while they fit the limit.', 'Close breaker')) {
      await patch({ circuit_open: false }, 'Breaker closed');
    }
  });

  return {
    node,
    update(b) {
      current = b;
      const limit = num(b.limit);
      const cur = b.currency ? ' ' + b.currency : '';
      const lvl = level(b);
      node.dataset.level = lvl;
      bar.className = 'bar ' + lvl;
      spentSeg.style.width = pct(num(b.spent), limit) + '%';
      reservedSeg.style.width = Math.min(pct(num(b.reserved), limit), 100 - pct(num(b.spent), limit)) + '%';
      bar.setAttribute('aria-label', 'spent ' + b.spent + ' and reserved ' + b.reserved + ' of ' + b.limit + cur);
      fill(ticks, (b.thresholds || []).map(t => {
        const tick = el('span', { class: 'tick', title: Math.round(num(t) * 100) + '%' });
        tick.style.left = pct(num(t), 1) + '%';
        return tick;
      }));
      fill(badges, 
        b.circuit_open ? badge('breaker open', 'open') : badge('breaker closed', 'closed'),
        b.exceeded ? badge('exceeded', 'over') : null);
      fill(numbers, 
        amount('spent', b.spent, cur, 'spent'), amount('reserved', b.reserved, cur, 'reserved'),
        amount('remaining', b.remaining, cur, 'remaining'), amount('limit', b.limit, cur, 'limit'),
        el('span', { class: 'percent', 'data-testid': 'percent' }, (limit > 0 ? Math.round((num(b.spent) / limit) * 100) + '%' : '—') + ' spent'));
      const crossed = new Set((b.thresholds_crossed || []).map(num));
      fill(thresholds, (b.thresholds || []).length ? 'thresholds: ' : 'no thresholds',
        (b.thresholds || []).map(t => el('span', { class: 'chip' + (crossed.has(num(t)) ? ' crossed' : '') },
          Math.round(num(t) * 100) + '%' + (crossed.has(num(t)) ? ' crossed' : ''))));
      fill(meta, b.spend_count + ' spends · updated ' + time(b.updated_at) + ' · expires ' + time(b.expires_at));
      close.hidden = !b.circuit_open;
    },
  };
}

function amount(label, value, currency, cls) {
  return el('span', { class: 'amount ' + cls, 'data-field': cls }, el('span', { class: 'label' }, label), ' ', String(value) + currency);
}
