// The web app in a real browser against the real embedded server: sign in, create a project from a ZIP, follow an
// audit to 100 % without reloading, mark a finding as a false positive, export PDF and SARIF, run an instant
// analysis, switch to Chinese (remembered after a reload). A screenshot of each main page is saved to
// artifacts/screenshots, and any console or page error fails the run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumPath, ensureWebBuild, launchChromium, repoRoot, startServer, vulnerableShop, zipOf, type RunningServer } from './support.ts';

const adminPassword = 'a-long-admin-passphrase';

/**
 * Runs in the page (as source text, so the test runner's transforms cannot touch it): the visible form controls,
 * buttons, links and tabs that have no accessible name, each described by its tag and markup.
 */
const unlabelledControlsScript = `(() => {
  const named = (el) => {
    if (el.getAttribute('aria-label')?.trim() || el.getAttribute('title')?.trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => document.getElementById(id)?.textContent?.trim())) return true;
    if (el.labels && Array.from(el.labels).some((l) => l.textContent.trim())) return true;
    if (el.matches('input, select, textarea')) return false;
    return Boolean(el.textContent.trim() || el.querySelector('img[alt]:not([alt=""])'));
  };
  return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], [role=tab], [role=switch]'))
    .filter((el) => el.getClientRects().length > 0)
    .filter((el) => !named(el))
    .map((el) => el.outerHTML.slice(0, 100));
})()`;
const screenshots = join(repoRoot, 'artifacts/screenshots');
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('web app in Chromium', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let taskUrl = '';
  let isSkipped = false;

  /** A test of the run, skipped (with the reason) where no Chromium is installed outside CI. */
  function step(name: string, fn: () => Promise<void> | void): void {
    it(name, async (t) => {
      if (isSkipped) return t.skip(`Chromium not installed at ${chromiumPath} (apt-get install chromium)`);
      await fn();
    });
  }

  async function shot(name: string): Promise<void> {
    // Pictures of pages still loading say little: wait for the spinners to go (briefly; a poll may bring one back).
    await page.locator('[data-loading]').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    const unlabelled = (await page.evaluate(unlabelledControlsScript)) as string[];
    assert.deepEqual(unlabelled, [], `controls without an accessible name on ${name}`);
  }

  async function openNav(name: string): Promise<void> {
    await page.getByRole('navigation', { name: /Main|主导航/ }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  }

  /** The bearer token of the page's session, to check what the UI did through the API. */
  async function apiGet<T>(path: string): Promise<T> {
    return page.evaluate(async (p) => {
      const session = JSON.parse(localStorage.getItem('xcr.session') ?? '{}') as { access_token?: string };
      const res = await fetch(p, { headers: { Authorization: `Bearer ${session.access_token}` } });
      return (await res.json()) as T;
    }, path);
  }

  before(async () => {
    if (!existsSync(chromiumPath)) {
      // CI installs it (scripts/ci/install-system-deps.sh) and must not pass without it; elsewhere say what is missing.
      if (process.env.CI) throw new Error(`Chromium not found at ${chromiumPath}`);
      isSkipped = true;
      return;
    }
    mkdirSync(screenshots, { recursive: true });
    ensureWebBuild();
    // One person clicking through every page within a minute makes more calls than the default per-user API rate
    // limit allows (60 a minute); the limit itself is tested by the server's own tests.
    server = await startServer(adminPassword, { XCR_RATE_LIMIT_PER_MIN: '600', XCR_RATE_LIMIT_PER_HOUR: '20000' });
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, locale: 'en-US', colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()} @ ${page.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message} @ ${page.url()}`));
    page.on('requestfailed', (request) => {
      // Downloads of blob: URLs end as "aborted" by design; anything else failing is a problem.
      if (!request.url().startsWith('blob:')) problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
    });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  step('signs in and shows the dashboard', async () => {
    await page.goto(server.baseUrl);
    await page.waitForURL(/\/login/);
    await shot('01-login');
    await page.getByLabel('Username or email').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByText('Average score').waitFor();
    await shot('02-dashboard');
  });

  step('turns live updates on in the feature flags', async () => {
    await openNav('Admin');
    await page.getByRole('tab', { name: 'Feature flags' }).click();
    const toggle = page.getByRole('switch', { name: 'USE_WEBSOCKET_UPDATES enabled' });
    await toggle.check();
    await page.getByText('USE_WEBSOCKET_UPDATES saved').waitFor();
    await shot('12-admin-flags');
    // The server caches each user's flags for a few seconds.
    const deadline = Date.now() + 15_000;
    while (!(await apiGet<{ flags: Record<string, boolean> }>('/api/v1/flags')).flags.USE_WEBSOCKET_UPDATES) {
      assert.ok(Date.now() < deadline, 'the flag never turned on');
      await page.waitForTimeout(500);
    }
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
  });

  step('creates a project from a ZIP upload', async () => {
    await openNav('Projects');
    await page.getByRole('button', { name: 'New project' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByRole('tab', { name: 'Upload ZIP' }).click();
    await dialog.getByLabel('Name').fill('Vulnerable shop');
    await dialog.getByLabel('Description').fill('A Flask and Express shop with known flaws');
    await dialog.getByLabel('ZIP archive').setInputFiles({ name: 'shop.zip', mimeType: 'application/zip', buffer: zipOf(vulnerableShop(400)) });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(new RegExp(`/projects/${uuid}$`));
    await page.getByRole('heading', { level: 1, name: 'Vulnerable shop' }).waitFor();
    await page.getByText('shop.zip').waitFor();
    await shot('04-project-detail');
    await openNav('Projects');
    await page.getByRole('link', { name: 'Vulnerable shop' }).waitFor();
    await shot('03-projects');
    await page.getByRole('link', { name: 'Vulnerable shop' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vulnerable shop' }).waitFor();
  });

  step('starts an audit and follows its progress to 100 % without reloading, live over the WebSocket', async () => {
    const frames: Array<{ type: string; data: { task_id?: string } }> = [];
    page.on('websocket', (socket) => {
      if (!socket.url().includes('/api/v1/ws')) return;
      socket.on('framereceived', (frame) => frames.push(JSON.parse(String(frame.payload)) as (typeof frames)[number]));
    });
    await page.getByRole('button', { name: 'Start audit' }).click();
    const dialog = page.getByRole('dialog', { name: 'New audit' });
    await dialog.getByRole('button', { name: 'Start audit' }).click();
    await page.waitForURL(new RegExp(`/tasks/${uuid}$`));
    taskUrl = page.url();
    await page.evaluate(() => Object.assign(window, { xcrNotReloaded: true }));
    const seen = new Set<string>();
    const deadline = Date.now() + 90_000;
    for (;;) {
      const text = (await page.getByTestId('progress-percent').textContent()) ?? '';
      seen.add(text);
      if (text === '100%') break;
      assert.ok(Date.now() < deadline, `progress stuck at ${text}`);
      await page.waitForTimeout(150);
    }
    assert.equal(await page.evaluate(() => (window as unknown as { xcrNotReloaded?: boolean }).xcrNotReloaded), true, 'the page was reloaded');
    assert.ok(seen.size >= 2, `the page showed the audit before it ended (saw ${[...seen].join(' ')})`);
    await page.getByTestId('current-step').filter({ hasText: 'Finished' }).waitFor();
    await page.getByRole('list', { name: 'Findings' }).waitFor();
    process.stdout.write(`# progress values seen: ${[...seen].join(' ')}\n`);
    const taskId = new URL(taskUrl).pathname.split('/').pop();
    const kinds = new Set(frames.filter((f) => f.data?.task_id === taskId).map((f) => f.type));
    assert.ok(kinds.has('task_completed') || kinds.has('task_progress'), `no live event for the task over the socket (got ${[...new Set(frames.map((f) => f.type))].join(', ') || 'nothing'})`);
    await shot('06-task-detail');
  });

  step('opens a finding and marks it as a false positive', async () => {
    const list = page.getByRole('list', { name: 'Findings' });
    const sqlFinding = list.getByRole('button').filter({ hasText: 'app/users.py' }).first();
    await sqlFinding.click();
    await page.waitForURL(/issue=/);
    const issueId = new URL(page.url()).searchParams.get('issue')!;
    const article = page.getByRole('article');
    await article.getByRole('heading', { name: 'What' }).waitFor();
    await article.getByRole('heading', { name: 'How to fix' }).waitFor();
    assert.ok((await article.locator('[data-highlighted="true"]').count()) >= 1, 'the finding line is highlighted');
    await shot('07-finding');
    await article.getByLabel('Triage status').selectOption('false_positive');
    await page.getByText('Marked as False positive').waitFor();
    const stored = await apiGet<{ status: string; resolved_at: string | null }>(`/api/v1/issues/${issueId}`);
    assert.equal(stored.status, 'false_positive');
    assert.ok(stored.resolved_at);
  });

  step('exports the audit as PDF and SARIF', async () => {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export report' });
    assert.equal(await dialog.getByLabel('PDF').isChecked(), true);
    await dialog.getByLabel('SARIF 2.1.0').check();
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const files: Record<string, Buffer> = {};
    for (const format of ['PDF', 'SARIF 2.1.0']) {
      const save = dialog.getByRole('button', { name: `Save the ${format} report` });
      await save.waitFor({ timeout: 60_000 });
      const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
      files[download.suggestedFilename()] = readFileSync((await download.path())!);
    }
    await shot('08-export');
    const names = Object.keys(files);
    const pdf = names.find((n) => n.endsWith('.pdf'));
    const sarif = names.find((n) => n.endsWith('.sarif'));
    assert.ok(pdf && sarif, `downloads: ${names.join(', ')}`);
    assert.equal(files[pdf]!.subarray(0, 4).toString('latin1'), '%PDF');
    const log = JSON.parse(files[sarif]!.toString('utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0]!.results.length >= 2);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  step('lists the audits and the reports', async () => {
    await openNav('Audits');
    await page.getByRole('link', { name: /Vulnerable shop/ }).first().waitFor();
    await shot('05-tasks');
    await openNav('Reports');
    await page.getByRole('button', { name: /^Download / }).nth(1).waitFor();
    await shot('09-reports');
  });

  step('runs an instant analysis', async () => {
    await openNav('Instant analysis');
    await page.getByRole('button', { name: 'python example' }).click();
    await page.getByText('Language: python').waitFor();
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('instant-language').filter({ hasText: 'python' }).waitFor({ timeout: 30_000 });
    assert.ok(Number(await page.getByTestId('instant-total').textContent()) >= 1);
    await page.locator('[data-highlighted="true"]').first().waitFor();
    await shot('10-instant-analysis');
  });

  step('shows administration, the recycle bin and the migration wizard', async () => {
    await openNav('Admin');
    await page.getByRole('tab', { name: 'LLM providers', selected: true }).waitFor();
    await shot('11-admin-providers');
    await page.getByRole('tab', { name: 'Users and roles' }).click();
    await page.getByRole('cell', { name: /admin@/ }).first().waitFor();
    await shot('12-admin-users');
    await page.getByRole('tab', { name: 'System status' }).click();
    await page.getByText('Queue: pgboss').waitFor();
    await page.getByRole('heading', { name: 'Workers' }).waitFor();
    await shot('13-admin-system');
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'auth.login' }).first().waitFor();
    await shot('13-admin-audit-log');
    await openNav('Recycle bin');
    await shot('14-recycle-bin');
    await openNav('Migration');
    await page.getByRole('button', { name: 'Validate' }).waitFor();
    await shot('15-migration');
  });

  step('makes a new user change the password chosen by an admin at first sign-in', async () => {
    await openNav('Admin');
    await page.getByRole('tab', { name: 'Users and roles' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Email', { exact: true }).fill('reviewer@example.com');
    await dialog.getByLabel('Username', { exact: true }).fill('reviewer');
    await dialog.getByLabel('Password', { exact: true }).fill('Temporary-passphrase-81');
    await dialog.getByLabel('Role').selectOption('viewer');
    assert.equal(await dialog.getByLabel('Must change the password at first login').isChecked(), true);
    await dialog.getByRole('button', { name: 'New user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: /reviewer@example\.com/ }).waitFor();

    // The new user signs in in a browser of their own.
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const second = await other.newPage();
    second.on('console', (m) => m.type() === 'error' && problems.push(`console (second user): ${m.text()}`));
    second.on('pageerror', (e) => problems.push(`page error (second user): ${e.message}`));
    try {
      await second.goto(`${server.baseUrl}/login`);
      await second.getByLabel('Username or email').fill('reviewer@example.com');
      await second.getByLabel('Password', { exact: true }).fill('Temporary-passphrase-81');
      await second.getByRole('button', { name: 'Sign in' }).click();
      await second.getByRole('heading', { name: 'Change your password' }).waitFor();
      assert.equal(new URL(second.url()).pathname, '/change-password');
      await second.screenshot({ path: join(screenshots, '18-change-password.png') });
      await second.getByLabel('Current password').fill('Temporary-passphrase-81');
      await second.getByLabel('New password', { exact: true }).fill('Reviewer-own-passphrase-2026');
      await second.getByLabel('Repeat the new password').fill('Reviewer-own-passphrase-2026');
      await second.getByRole('button', { name: 'Change password' }).click();
      await second.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      assert.equal(await second.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(), 0, 'a viewer sees no Admin page');
    } finally {
      await other.close();
    }
  });

  step('is usable from the keyboard: skip link, dialogs keep focus and close on Escape', async () => {
    await page.goto(`${server.baseUrl}/projects`);
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    const opener = page.getByRole('button', { name: 'New project' }).first();
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.waitFor();
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press(i % 5 === 4 ? 'Shift+Tab' : 'Tab');
      assert.equal(await dialog.evaluate((el) => el.contains(document.activeElement)), true, `focus left the dialog after ${i + 1} presses`);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await opener.evaluate((el) => el === document.activeElement), true, 'focus returns to the button that opened the dialog');
  });

  step('switches to Chinese and remembers it after a reload', async () => {
    await page.goto(taskUrl);
    await page.getByTestId('progress-percent').waitFor();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '仪表盘' }).waitFor();
    await page.getByRole('heading', { name: '问题' }).first().waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '项目管理' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await shot('16-task-detail-zh');
    await page.getByRole('button', { name: '深色模式' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
    await openNav('仪表盘');
    await shot('17-dashboard-zh-dark');
  });

  step('had no console or page errors along the way', () => {
    assert.deepEqual(problems, []);
  });
});
