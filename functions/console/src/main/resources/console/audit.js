// Audit: the latest entries of the audit trail, newest first, filtered by run, type and verdict as
// GET /audit supports them; each row opens to its full (already redacted) record. "Older" follows next_cursor.
import { api, query } from './api.js';
import { badge, clear, el, fill, json, problem, time } from './dom.js';

const TYPES = ['policy_decision', 'approval_transition', 'budget_mutation', 'breaker_change', 'threshold_event', 'sandbox_execution'];
const VERDICTS = ['allow', 'deny', 'require_approval', 'ok', 'insufficient_budget', 'circuit_open', 'opened', 'closed',
  'threshold_crossed', 'pending', 'approved', 'denied', 'expired', 'used'];

export function mountAudit(root) {
  const run = el('input', { name: 'run_id', placeholder: 'any run', 'data-testid': 'audit-run' });
  const type = el('select', { name: 'type', 'data-testid': 'audit-type' }, el('option', { value: '' }, 'any type'),
    TYPES.map(t => el('option', { value: t }, t)));
  const verdict = el('input', { name: 'verdict', placeholder: 'any verdict', list: 'audit-verdicts', 'data-testid': 'audit-verdict' });
  const limit = el('select', { name: 'limit' }, [20, 50, 100].map(n => el('option', { value: n, selected: n === 50 }, n + ' per page')));
  const status = el('span', { class: 'muted' });
  const error = el('div');
  const rows = el('tbody', { 'data-testid': 'audit-rows' });
  const older = el('button', { hidden: true, 'data-testid': 'audit-older' }, 'Older entries');
  let cursor = null;

  fill(root, 
    el('div', { class: 'toolbar' }, el('h2', {}, 'Audit trail'), status),
    el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(false); } },
      el('label', {}, 'Run ', run), el('label', {}, 'Type ', type), el('label', {}, 'Verdict ', verdict),
      el('datalist', { id: 'audit-verdicts' }, VERDICTS.map(v => el('option', { value: v }))),
      limit, el('button', { type: 'submit', class: 'primary', 'data-testid': 'audit-search' }, 'Search')),
    error,
    el('table', { class: 'grid audit' },
      el('thead', {}, el('tr', {}, ['Time', 'Type', 'Verdict', 'Run', 'Actor', 'Summary'].map(h => el('th', {}, h)))),
      rows),
    el('div', { class: 'pager' }, older));
  older.addEventListener('click', () => load(true));

  async function load(more) {
    try {
      const page = await api('GET', 'audit' + query({
        run_id: run.value.trim(), type: type.value, verdict: verdict.value.trim(), limit: limit.value, cursor: more ? cursor : '' }));
      clear(error);
      if (!more) clear(rows);
      for (const entry of page.entries || []) rows.append(...entryRows(entry));
      cursor = page.next_cursor || null;
      older.hidden = !cursor;
      const count = rows.querySelectorAll('tr.entry').length;
      status.textContent = count + ' entries shown · ' + page.scanned + ' examined · ' + new Date().toLocaleTimeString();
    } catch (e) {
      fill(error, problem(e));
    }
  }

  return { show: () => load(false), hide: () => {}, refresh: () => load(false) };
}

function entryRows(entry) {
  const detail = el('tr', { class: 'detail', hidden: true },
    el('td', { colspan: 6 }, el('pre', { 'data-testid': 'audit-record' }, json(entry))));
  const row = el('tr', { class: 'entry', tabindex: 0, 'data-testid': 'audit-entry', 'data-type': entry.type, 'aria-expanded': 'false' },
    el('td', { class: 'nowrap' }, time(entry.at)),
    el('td', {}, entry.type || ''),
    el('td', {}, entry.verdict ? badge(entry.verdict) : ''),
    el('td', { class: 'nowrap' }, entry.run_id || ''),
    el('td', { class: 'nowrap' }, entry.actor || ''),
    el('td', { class: 'clip' }, summary(entry)));
  const toggle = () => {
    detail.hidden = !detail.hidden;
    row.setAttribute('aria-expanded', String(!detail.hidden));
  };
  row.addEventListener('click', toggle);
  row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
  return [row, detail];
}

function summary(e) {
  const parts = [];
  if (Array.isArray(e.rules) && e.rules.length) parts.push(e.rules.join(', '));
  const d = e.detail || {};
  if (d.reason) parts.push(d.reason);
  else if (d.kind) parts.push(d.kind);
  const p = e.params && e.params.params;
  if (p && typeof p.command === 'string') parts.push('$ ' + p.command);
  else if (p && typeof p.url === 'string') parts.push(p.url);
  if (e.approval_id) parts.push(e.approval_id);
  if (!parts.length && e.params) parts.push(JSON.stringify(e.params));
  const text = parts.join(' · ');
  return text.length > 160 ? text.slice(0, 159) + '…' : text;
}
