// Policy tester: a command, a URL or a whole action through POST /check; the verdict, risk, matched rules, and
// each rule's evidence highlighted where it occurs in the input. Beside it the effective policy (GET /policy).
import { api } from './api.js';
import { badge, el, fill, json, problem } from './dom.js';

const MODES = {
  command: { label: 'Shell command', action: 'execute_code', example: 'sudo rm -rf / --no-preserve-root' },
  url: { label: 'URL', action: 'network_access', example: 'https://github.com@169.254.169.254/latest/meta-data' },
  action: { label: 'Action (JSON)', action: null,
    example: json({ action_type: 'deploy', params: { environment: 'production', target: 'billing-api' } }) },
};

export function mountPolicy(root) {
  const mode = el('select', { 'data-testid': 'policy-mode' }, Object.entries(MODES).map(([k, m]) => el('option', { value: k }, m.label)));
  const input = el('textarea', { rows: 4, spellcheck: 'false', 'data-testid': 'policy-input', placeholder: MODES.command.example });
  const cwd = el('input', { placeholder: 'cwd (optional, the agent workspace)', 'data-testid': 'policy-cwd' });
  const check = el('button', { type: 'submit', class: 'primary', 'data-testid': 'policy-check' }, 'Check');
  const result = el('div', { class: 'result', 'data-testid': 'policy-result' });
  const effective = el('div', { class: 'effective', 'data-testid': 'effective-policy' }, el('p', { class: 'muted' }, 'loading…'));

  mode.addEventListener('change', () => {
    input.placeholder = MODES[mode.value].example;
    cwd.hidden = mode.value !== 'command';
    input.rows = mode.value === 'action' ? 8 : 4;
  });

  fill(root, el('div', { class: 'split' },
    el('section', {},
      el('h2', {}, 'Policy tester'),
      el('form', { class: 'tester', onsubmit: (e) => { e.preventDefault(); run(); } },
        el('label', {}, 'Kind ', mode), input, cwd,
        el('div', { class: 'buttons' }, check,
          el('button', { type: 'button', onclick: () => { input.value = input.placeholder; } }, 'Use example'))),
      el('p', { class: 'muted small' }, 'A check is a real decision: it is written to the audit trail, and one that needs approval opens an approval request.'),
      result),
    el('aside', {}, el('h2', {}, 'Effective policy'), effective)));

  async function run() {
    const text = input.value;
    let request;
    try {
      request = buildRequest(mode.value, text, cwd.value.trim());
    } catch (e) {
      fill(result, problem({ problem: { title: 'Invalid JSON', detail: 'the action must be a JSON object such as the example' } }));
      return;
    }
    check.disabled = true;
    try {
      const decision = await api('POST', 'check', request);
      fill(result, renderDecision(decision, mode.value === 'action' ? json(request.params) : text));
    } catch (e) {
      fill(result, problem(e));
    } finally {
      check.disabled = false;
    }
  }

  async function loadPolicy() {
    try {
      fill(effective, renderPolicy(await api('GET', 'policy')));
    } catch (e) {
      fill(effective, problem(e));
    }
  }

  return { show: loadPolicy, hide: () => {}, refresh: loadPolicy };
}

function buildRequest(mode, text, cwd) {
  if (mode === 'action') {
    const parsed = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed;
  }
  const params = mode === 'command' ? { command: text } : { url: text.trim() };
  if (mode === 'command' && cwd) params.cwd = cwd;
  return { action_type: MODES[mode].action, params };
}

function renderDecision(d, inputText) {
  const rules = d.matched_rules || [];
  const highlighted = highlight(inputText, rules);
  return el('div', { class: 'decision ' + d.verdict, 'data-verdict': d.verdict },
    el('div', { class: 'verdict-line' },
      el('span', { class: 'verdict badge ' + d.verdict, 'data-testid': 'verdict' }, d.verdict),
      badge('risk ' + d.risk_level, 'risk-' + d.risk_level),
      el('code', { class: 'muted' }, d.decision_id || '')),
    el('p', { class: 'reason' }, d.reason || ''),
    d.approval_id ? el('p', {}, 'approval request opened: ', el('code', {}, d.approval_id)) : null,
    el('h4', {}, 'Input, evidence highlighted'),
    el('pre', { class: 'highlighted', 'data-testid': 'highlighted' }, highlighted.nodes),
    highlighted.missing.length
      ? el('p', { class: 'muted small' }, 'evidence not found verbatim in the input (normalised or derived): ' + highlighted.missing.join(', '))
      : null,
    el('h4', {}, rules.length ? 'Matched rules' : 'No rule matched'),
    rules.length ? el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['Rule', 'Verdict', 'Risk', 'Description', 'Evidence'].map(h => el('th', {}, h)))),
      el('tbody', {}, rules.map(r => el('tr', { 'data-rule': r.id },
        el('td', {}, el('code', {}, r.id)), el('td', {}, badge(r.verdict)), el('td', {}, r.risk || ''),
        el('td', {}, r.description || ''), el('td', {}, r.evidence ? el('code', {}, r.evidence) : ''))))) : null);
}

/** The input as text nodes with <mark> around every occurrence of a rule's evidence (overlaps merged). */
export function highlight(text, rules) {
  const ranges = [];
  const missing = [];
  for (const r of rules) {
    const evidence = r.evidence || '';
    if (!evidence) continue;
    let found = false;
    const hay = text.toLowerCase();
    const needle = evidence.toLowerCase();
    for (let at = hay.indexOf(needle); at >= 0 && needle; at = hay.indexOf(needle, at + needle.length)) {
      ranges.push([at, at + needle.length, r.id]);
      found = true;
    }
    if (!found) missing.push(r.id);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const [start, end, id] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) {
      last[1] = Math.max(last[1], end);
      if (!last[2].includes(id)) last[2].push(id);
    } else {
      merged.push([start, end, [id]]);
    }
  }
  const nodes = [];
  let pos = 0;
  for (const [start, end, ids] of merged) {
    if (start > pos) nodes.push(text.slice(pos, start));
    nodes.push(el('mark', { title: ids.join(', '), 'data-testid': 'evidence' }, text.slice(start, end)));
    pos = end;
  }
  if (pos < text.length) nodes.push(text.slice(pos));
  return { nodes, missing };
}

function renderPolicy(p) {
  const actions = Object.entries(p.actions || {});
  const network = p.network || {};
  const rules = p.command_rules || [];
  const packs = new Map();
  for (const r of rules) {
    if (!packs.has(r.pack)) packs.set(r.pack, []);
    packs.get(r.pack).push(r);
  }
  const filter = el('input', { placeholder: 'filter rules', 'data-testid': 'rule-filter' });
  const packList = el('div', {}, [...packs].map(([pack, list]) => el('details', { 'data-pack': pack },
    el('summary', {}, pack + ' ', el('span', { class: 'muted' }, '(' + list.filter(r => r.enabled).length + ' of ' + list.length + ' enabled)')),
    el('ul', { class: 'rule-list' }, list.map(r => el('li', { 'data-rule': r.id, class: r.enabled ? '' : 'disabled' },
      badge(r.verdict), ' ', el('code', {}, r.id), ' ', el('span', { class: 'muted' }, r.severity), el('div', { class: 'small' }, r.description)))))));
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const li of packList.querySelectorAll('li[data-rule]')) {
      li.hidden = q !== '' && !li.textContent.toLowerCase().includes(q);
    }
    for (const d of packList.querySelectorAll('details')) {
      d.open = q !== '' && [...d.querySelectorAll('li[data-rule]')].some(li => !li.hidden);
    }
  });
  return el('div', {},
    el('h4', {}, 'Actions'),
    el('table', { class: 'grid compact' },
      el('thead', {}, el('tr', {}, ['Action', 'Enabled', 'Approval', 'Costs money'].map(h => el('th', {}, h)))),
      el('tbody', {}, actions.map(([name, a]) => el('tr', {},
        el('td', {}, el('code', {}, name)), el('td', {}, yes(a.enabled)), el('td', {}, a.require_approval ? 'always' : 'by rule'),
        el('td', {}, yes(a.costs_money)))))),
    el('h4', {}, 'Network'),
    el('p', {}, 'allowlist: ', (network.allowlist || []).length
      ? (network.allowlist || []).map(h => el('span', { class: 'chip' }, h))
      : el('span', { class: 'muted' }, 'empty')),
    el('p', {}, 'schemes: ' + (network.schemes || []).join(', ') + ' · allowlist enforced inside commands: ' + (network.enforce_in_commands ? 'yes' : 'no')),
    p.deploy ? el('p', {}, 'deploys needing approval: ', (p.deploy.approval_environments || []).map(e => el('span', { class: 'chip' }, e))) : null,
    p.billing ? el('p', {}, 'billing approval threshold: ' + p.billing.approval_threshold
      + ((p.billing.currencies || []).length ? ' · currencies: ' + p.billing.currencies.join(', ') : '')) : null,
    p.delete_files ? el('details', {}, el('summary', {}, 'protected paths (' + (p.delete_files.protected_paths || []).length + ')'),
      el('p', { class: 'small' }, (p.delete_files.protected_paths || []).map(x => el('code', { class: 'chip' }, x)))) : null,
    el('p', {}, 'disabled rules: ', (p.disabled_rules || []).length ? (p.disabled_rules || []).map(r => el('code', { class: 'chip' }, r))
      : el('span', { class: 'muted' }, 'none')),
    el('h4', {}, 'Command rules (' + rules.filter(r => r.enabled).length + ' enabled)'),
    filter, packList);
}

function yes(b) {
  return b ? 'yes' : 'no';
}
