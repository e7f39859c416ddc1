// The console's shell: one tab per view (#approvals, #budgets, #audit, #policy); a view polls only while shown.
import { mountApprovals } from './approvals.js';
import { mountBudgets } from './budgets.js';
import { mountAudit } from './audit.js';
import { mountPolicy } from './policy.js';

const pendingCount = document.getElementById('pending-count');
const views = {
  approvals: mountApprovals(document.getElementById('view-approvals'), (n) => { pendingCount.textContent = n ? String(n) : ''; }),
  budgets: mountBudgets(document.getElementById('view-budgets')),
  audit: mountAudit(document.getElementById('view-audit')),
  policy: mountPolicy(document.getElementById('view-policy')),
};
let current = null;

function route() {
  const name = (location.hash || '#approvals').slice(1);
  const next = views[name] ? name : 'approvals';
  if (next === current) return;
  if (current) views[current].hide();
  for (const key of Object.keys(views)) {
    document.getElementById('view-' + key).hidden = key !== next;
    const tab = document.querySelector('nav a[data-view="' + key + '"]');
    tab.classList.toggle('active', key === next);
    if (key === next) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
  current = next;
  views[next].show();
  document.body.dataset.view = next;
}

window.addEventListener('hashchange', route);
route();
// the approvals count in the tab follows even while another view is shown
setInterval(() => { if (current !== 'approvals') views.approvals.refresh(); }, 10000);
