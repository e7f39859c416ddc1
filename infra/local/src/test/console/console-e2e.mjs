// The operator console end to end in a real browser: Debian's headless Chromium (/usr/bin/chromium, or
// $CHROMIUM) driven by playwright-core, which never downloads a browser. Run by ConsoleBrowserIT after it seeded
// state over HTTP; also by hand against `infra/local/start-api.sh`:
//   node infra/local/src/test/console/console-e2e.mjs --base http://127.0.0.1:8080 --out /tmp/shots \
//     --approval apr_… --other-approval apr_… --requester agent-7 --run run-42 --tripped-run run-43
// Prints one JSON object: {"ok", "steps":[{"name","ok","detail"}], "screenshots":[…], "browser_errors":[…]};
// exit code 0 only when every step passed and the page logged no error (a CSP violation is one).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const required of ['base', 'out', 'approval', 'other-approval', 'requester', 'run', 'tripped-run']) {
  if (!args[required]) {
    console.error('missing --' + required);
    process.exit(2);
  }
}
const base = args.base.replace(/\/$/, '');
const api = base + '/api/v1/safety/';
const TIMEOUT = 20000; // a first request to a function starts its JVM (a cold start, seconds on a loaded machine)
mkdirSync(args.out, { recursive: true });

const result = { ok: false, steps: [], screenshots: [], browser_errors: [], refused_requests: [] };
let currentPage = null; // for a screenshot of a failed step

async function step(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    result.steps.push({ name, ok: true, ms: Date.now() - started, detail: detail ?? null });
  } catch (e) {
    result.steps.push({ name, ok: false, ms: Date.now() - started, detail: String(e && e.message || e).split('\n')[0] });
    if (currentPage) await shot(currentPage, 'failed-step-' + result.steps.length).catch(() => {});
    throw e;
  }
}

async function call(method, path, body) {
  const response = await fetch(api + path, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(method + ' ' + path + ' -> ' + response.status + ' ' + JSON.stringify(json));
  return json;
}

async function shot(page, name) {
  const file = join(args.out, name + '.png');
  await page.waitForTimeout(350); // let bar transitions and the toast settle
  await page.screenshot({ path: file, fullPage: true });
  result.screenshots.push(file);
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  currentPage = page;
  // an API refusal the page shows (403, 404, 400 are part of the scenarios) is logged by Chromium as a failed
  // resource: kept apart; any other error (a script error, a CSP violation, a 5xx) fails the run
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) ? result.refused_requests : result.browser_errors).push(m.text());
  });
  page.on('pageerror', (e) => result.browser_errors.push(String(e)));

  await step('page loads with its CSP', async () => {
    const response = await page.goto(base + '/console#approvals');
    const csp = response.headers()['content-security-policy'] || '';
    expect(csp.startsWith("default-src 'self'"), 'CSP header: ' + csp);
    await page.locator('nav a.active[data-view=approvals]').waitFor();
    return csp;
  });

  await step('approvals: pending requests listed with action, rules and evidence', async () => {
    const card = page.locator(`article[data-approval="${args.approval}"]`);
    await card.waitFor();
    await page.locator(`article[data-approval="${args['other-approval']}"]`).waitFor();
    const action = await card.locator('[data-testid=action]').textContent();
    const evidence = await card.locator('code.evidence').first().textContent();
    const meta = await card.locator('.meta').textContent();
    expect(meta.includes(args.requester), 'requester shown: ' + meta);
    expect(/expires\s*in \d+/.test(meta), 'expiry shown: ' + meta);
    expect(/age\s*\d+ (s|min) ago/.test(meta), 'age shown: ' + meta);
    await shot(page, '1-approvals-pending');
    return { action, evidence };
  });

  await step('approvals: the requester cannot approve (problem shown plainly)', async () => {
    await page.fill('[data-testid=approver]', args.requester);
    const card = page.locator(`article[data-approval="${args['other-approval']}"]`);
    await card.locator('[data-testid=approve]').click();
    const shown = await card.locator('[data-testid=problem]').textContent();
    expect(shown.includes('403') && shown.includes('cannot approve'), 'problem: ' + shown);
    return shown;
  });

  let recheck;
  await step('approvals: approve in the UI, then the agent re-check is allowed', async () => {
    await page.fill('[data-testid=approver]', 'alice');
    const card = page.locator(`article[data-approval="${args.approval}"]`);
    await card.locator('[data-testid=comment]').fill('reviewed in the console');
    await card.locator('[data-testid=approve]').click();
    await card.waitFor({ state: 'detached' });
    const approval = await call('GET', 'approvals/' + args.approval);
    expect(approval.status === 'approved', 'status after the vote: ' + approval.status);
    expect(approval.approvals[0].approver === 'alice' && approval.approvals[0].comment === 'reviewed in the console', JSON.stringify(approval.approvals));
    // the agent asks again with the approval: the exact action and run
    recheck = await call('POST', 'check', { ...approval.action, run_id: approval.run_id, actor: approval.actor, approval_id: args.approval });
    expect(recheck.verdict === 'allow', 're-check verdict: ' + recheck.verdict);
    // the queue shows what happened: the request is now used
    await page.locator(`[data-testid=recent-approvals] tr[data-approval="${args.approval}"] .badge.used`).waitFor();
    await shot(page, '2-approvals-after-approve');
    return { recheck: recheck.verdict, reason: recheck.reason };
  });

  await step('budgets: the bar follows a spend made while the page is open', async () => {
    await page.click('nav a[data-view=budgets]');
    const card = page.locator(`[data-testid=budget-list] article[data-run="${args.run}"]`);
    await card.waitFor();
    const before = await card.locator('[data-testid=percent]').textContent();
    const levelBefore = await card.getAttribute('data-level');
    const widthBefore = await card.locator('.seg.spent').evaluate((n) => n.style.width);
    await call('POST', 'budget/spend', { run_id: args.run, amount: '4.5', idempotency_key: 'console-e2e-spend' });
    await page.waitForFunction(([run, old]) => {
      const n = document.querySelector(`[data-testid=budget-list] article[data-run="${run}"] [data-testid=percent]`);
      return n && n.textContent !== old;
    }, [args.run, before], { timeout: TIMEOUT });
    const after = await card.locator('[data-testid=percent]').textContent();
    const levelAfter = await card.getAttribute('data-level');
    const widthAfter = await card.locator('.seg.spent').evaluate((n) => n.style.width);
    expect(levelBefore !== levelAfter, 'colour follows the thresholds: ' + levelBefore + ' -> ' + levelAfter);
    await shot(page, '3-budgets');
    return { before, after, levelBefore, levelAfter, widthBefore, widthAfter };
  });

  await step('budgets: raise a limit after a confirmation', async () => {
    const card = page.locator(`[data-testid=budget-list] article[data-run="${args.run}"]`);
    await card.locator('[data-testid=new-limit]').fill('20');
    await card.locator('[data-testid=raise-limit]').click();
    await page.locator('dialog#confirm[open]').waitFor();
    const message = await page.locator('dialog#confirm [data-role=message]').textContent();
    await page.click('[data-testid=confirm-ok]');
    await card.locator('[data-field=limit]', { hasText: '20' }).waitFor();
    const status = await call('GET', 'budget/' + args.run);
    expect(String(status.limit) === '20', 'limit now ' + status.limit);
    return message;
  });

  await step('budgets: close an open breaker after a confirmation', async () => {
    const card = page.locator(`[data-testid=budget-list] article[data-run="${args['tripped-run']}"]`);
    await card.locator('.badge.open').waitFor();
    await card.locator('[data-testid=close-breaker]').click();
    await page.click('[data-testid=confirm-cancel]');
    expect((await call('GET', 'budget/' + args['tripped-run'])).circuit_open === true, 'cancel changes nothing');
    await card.locator('[data-testid=close-breaker]').click();
    await page.click('[data-testid=confirm-ok]');
    await card.locator('.badge.closed').waitFor();
    expect((await call('GET', 'budget/' + args['tripped-run'])).circuit_open === false, 'breaker closed');
    return 'closed';
  });

  await step('policy tester: a destructive command is denied, its evidence highlighted', async () => {
    await page.click('nav a[data-view=policy]');
    await page.locator('[data-testid=rule-filter]').waitFor();
    const command = 'cd /tmp && sudo rm -rf / --no-preserve-root';
    await page.fill('[data-testid=policy-input]', command);
    await page.click('[data-testid=policy-check]');
    const verdict = await page.locator('[data-testid=verdict]').textContent();
    expect(verdict === 'deny', 'verdict ' + verdict);
    const marks = await page.locator('[data-testid=highlighted] mark').allTextContents();
    expect(marks.some((m) => m.includes('rm -rf /')), 'evidence highlighted: ' + JSON.stringify(marks));
    const whole = await page.locator('[data-testid=highlighted]').textContent();
    expect(whole === command, 'the input shown whole: ' + whole);
    await page.locator('tr[data-rule="fs.delete_root"]').waitFor();
    await page.fill('[data-testid=rule-filter]', 'delete_root');
    await shot(page, '4-policy-tester');
    return { verdict, marks };
  });

  await step('audit: the latest entries, filtered, each expandable to its record', async () => {
    await page.click('nav a[data-view=audit]');
    await page.locator('[data-testid=audit-entry]').first().waitFor();
    const all = await page.locator('[data-testid=audit-entry]').count();
    const types = new Set(await page.locator('[data-testid=audit-entry]').evaluateAll((rows) => rows.map((r) => r.dataset.type)));
    await page.selectOption('[data-testid=audit-type]', 'policy_decision');
    await page.fill('[data-testid=audit-verdict]', 'deny');
    await page.click('[data-testid=audit-search]');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=audit-entry]')];
      return rows.length > 0 && rows.every((r) => r.dataset.type === 'policy_decision' && r.textContent.includes('deny'));
    }, null, { timeout: TIMEOUT });
    const denies = await page.locator('[data-testid=audit-entry]').count();
    await page.locator('[data-testid=audit-entry]').first().click();
    const record = await page.locator('[data-testid=audit-record]').first().textContent();
    expect(JSON.parse(record).verdict === 'deny' && record.includes('fs.delete_root'), 'full record: ' + record.slice(0, 200));
    await shot(page, '5-audit');
    // an invalid filter is the route's own 400, shown as it came
    await page.fill('[data-testid=audit-verdict]', 'no such verdict!');
    await page.click('[data-testid=audit-search]');
    const problem = await page.locator('#view-audit [data-testid=problem]').textContent();
    expect(problem.includes('400') && problem.includes('verdict'), 'problem: ' + problem);
    return { all, types: [...types].sort(), denies, problem };
  });

  result.ok = result.browser_errors.length === 0;
} catch (e) {
  result.ok = false;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
