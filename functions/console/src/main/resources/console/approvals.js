// Approvals queue: the pending requests (polled, so the list follows without a reload), each with its redacted
// action, rules and evidence, requester, age and expiry; approve or deny with a comment. Below, the latest
// decided requests, so the outcome of a vote and of the agent's re-check ("used") shows here too.
import { api, poller, query } from './api.js';
import { ago, badge, clear, el, fill, json, problem, time, toast, until } from './dom.js';

const POLL_MS = 2000;
const APPROVER_KEY = 'agent-safety.console.approver';

export function mountApprovals(root, onCount) {
  const approver = el('input', { id: 'approver', placeholder: 'your name', autocomplete: 'username', 'data-testid': 'approver',
    value: localStorage.getItem(APPROVER_KEY) || '' });
  approver.addEventListener('change', () => localStorage.setItem(APPROVER_KEY, approver.value.trim()));
  const runFilter = el('input', { placeholder: 'all runs', 'data-testid': 'approvals-run' });
  const status = el('span', { class: 'muted' });
  const error = el('div');
  const list = el('div', { class: 'cards', 'data-testid': 'pending-list' });
  const empty = el('p', { class: 'empty', hidden: true }, 'No request is waiting for approval.');
  const recent = el('tbody', { 'data-testid': 'recent-approvals' });
  const cards = new Map();

  fill(root, 
    el('div', { class: 'toolbar' },
      el('h2', {}, 'Pending approvals'),
      el('label', {}, 'Approver ', approver),
      el('label', {}, 'Run ', runFilter),
      status),
    error, empty, list,
    el('h3', {}, 'Recently decided'),
    el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['Status', 'Request', 'Action', 'Run', 'Requester', 'Votes', 'Decided'].map(h => el('th', {}, h)))),
      recent));

  async function refresh() {
    const run = runFilter.value.trim();
    try {
      const [pending, latest] = await Promise.all([
        api('GET', 'approvals' + query({ status: 'pending', run_id: run, limit: 50 })),
        api('GET', 'approvals' + query({ run_id: run, limit: 25 })),
      ]);
      clear(error);
      render(pending.approvals || []);
      renderRecent((latest.approvals || []).filter(a => a.status !== 'pending').slice(0, 10));
      status.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      fill(error, problem(e));
    }
  }

  function render(pending) {
    const ids = new Set(pending.map(a => a.approval_id));
    for (const [id, card] of cards) {
      if (!ids.has(id)) {
        card.node.remove();
        cards.delete(id);
      }
    }
    for (const a of pending) {
      let card = cards.get(a.approval_id);
      if (!card) {
        card = approvalCard(a);
        cards.set(a.approval_id, card);
      }
      card.update(a);
      list.append(card.node); // in the answer's order, newest first (a moved node keeps its typed comment)
    }
    empty.hidden = pending.length > 0;
    onCount(pending.length);
  }

  function renderRecent(items) {
    fill(recent, items.map(a => el('tr', { 'data-approval': a.approval_id },
      el('td', {}, badge(a.status)),
      el('td', {}, el('code', {}, a.approval_id)),
      el('td', {}, el('code', { class: 'clip' }, summary(a.action))),
      el('td', {}, a.run_id || ''),
      el('td', {}, a.actor || ''),
      el('td', {}, (a.approvals || []).map(v => el('div', {}, v.approver + (v.comment ? ': “' + v.comment + '”' : '')))),
      el('td', { title: time(a.decided_at || a.created_at) }, ago(a.decided_at || a.created_at)))));
  }

  function approvalCard(a) {
    const comment = el('textarea', { rows: 2, placeholder: 'comment (optional)', 'data-testid': 'comment' });
    const feedback = el('div');
    const meta = el('div', { class: 'meta' });
    const approve = el('button', { class: 'primary', 'data-testid': 'approve' }, 'Approve');
    const deny = el('button', { class: 'danger', 'data-testid': 'deny' }, 'Deny');
    const node = el('article', { class: 'card', 'data-approval': a.approval_id, 'data-testid': 'approval' },
      el('header', {}, badge(a.action_type, 'type'), badge(a.risk_level, 'risk-' + a.risk_level), el('code', {}, a.approval_id)),
      meta,
      el('p', { class: 'reason' }, a.reason || ''),
      el('h4', {}, 'Action (redacted)'),
      el('pre', { class: 'action', 'data-testid': 'action' }, actionText(a.action)),
      el('h4', {}, 'Rules and evidence'),
      el('ul', { class: 'rules' }, (a.matched_rules || []).map(r => el('li', {},
        badge(r.verdict), ' ', el('strong', {}, r.id), ' ', el('span', { class: 'muted' }, r.description || ''),
        r.evidence ? el('div', {}, 'evidence: ', el('code', { class: 'evidence' }, r.evidence)) : null))),
      el('div', { class: 'vote' }, comment, el('div', { class: 'buttons' }, approve, deny)),
      feedback);
    const vote = async (verb) => {
      const who = approver.value.trim();
      if (!who) {
        fill(feedback, problem({ problem: { title: 'Approver missing', detail: 'enter your name as approver above' } }));
        approver.focus();
        return;
      }
      localStorage.setItem(APPROVER_KEY, who);
      approve.disabled = deny.disabled = true;
      try {
        const body = { approver: who };
        if (comment.value.trim()) body.comment = comment.value.trim();
        const result = await api('POST', 'approvals/' + encodeURIComponent(a.approval_id) + '/' + verb, body);
        toast((verb === 'approve' ? 'Approved ' : 'Denied ') + a.approval_id + ' → ' + result.approval.status, verb === 'approve' ? 'ok' : 'warn');
        clear(feedback);
        polling.now();
      } catch (e) {
        fill(feedback, problem(e));
      } finally {
        approve.disabled = deny.disabled = false;
      }
    };
    approve.addEventListener('click', () => vote('approve'));
    deny.addEventListener('click', () => vote('deny'));
    return {
      node,
      update(latest) {
        fill(meta, 
          field('requester', latest.actor || '—'),
          field('run', latest.run_id || '—'),
          field('age', ago(latest.created_at), time(latest.created_at)),
          field('expires', until(latest.expires_at), time(latest.expires_at)),
          field('votes', (latest.approvals || []).length + ' / ' + latest.required_approvers),
          latest.has_task_token ? field('workflow', 'waiting') : null);
      },
    };
  }

  const polling = poller(refresh, POLL_MS);
  runFilter.addEventListener('change', () => polling.now());
  return { show: () => polling.start(), hide: () => polling.stop(), refresh: () => polling.now() };
}

function field(label, value, title) {
  return el('span', { class: 'field', title }, el('span', { class: 'label' }, label), ' ', el('span', {}, value));
}

/** The command itself for code, else the params as JSON. */
function actionText(action) {
  const params = (action && action.params) || {};
  if (typeof params.command === 'string' && Object.keys(params).length === 1) return params.command;
  return json(params);
}

function summary(action) {
  if (!action) return '';
  const params = action.params || {};
  const text = typeof params.command === 'string' ? params.command : JSON.stringify(params);
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
}
