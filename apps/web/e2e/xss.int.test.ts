// HTML and script in everything a user or a model can write stay inert in the browser: project name and
// description, file names inside the uploaded ZIP and the upload's own name, task name and description, rule
// finding snippets on code holding markup, LLM findings whose every text field is markup (and whose "learn more"
// link is a javascript: URL), comments, a binned project, an instant analysis, and the HTML report, opened as a
// file with the page's CSP switched off so only its escaping protects it. On every page: no dialog opened, the
// `window.__xss` flag the payloads set is unset, no element they would inject exists, and the payload text shows.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { chromiumPath, ensureWebBuild, launchChromium, startServer, type RunningServer } from './support.ts';
import {
  codeComment,
  commentText,
  deletedName,
  fileName,
  llmTitle,
  payloads,
  projectDescription,
  projectName,
  scriptMarkupAnswers,
  seedPayloads,
  taskName,
  uploadName,
  type Seeded,
} from './xss-seed.ts';

const adminPassword = 'a-long-admin-passphrase-xss';
const llmKey = 'sk-xss-test-0123456789abcdef';

/** Runs in the page (as source text): what an executed or injected payload would have left behind. */
const evidenceScript = `(() => ({
  flag: window.__xss ?? null,
  injected: Array.from(document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover], [onfocus], iframe, img[src="x"], a[href^="javascript:" i], svg[onload]'))
    .map((el) => el.outerHTML.slice(0, 120)),
  scripts: Array.from(document.scripts).filter((s) => s.text.includes('__xss')).length,
  text: document.body.innerText,
}))()`;

interface Evidence {
  flag: unknown;
  injected: string[];
  scripts: number;
  text: string;
}

describe('HTML and script payloads are inert in the browser', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let llm: FakeLlmServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seeded: Seeded;
  let workDir: string;
  const dialogs: string[] = [];
  let isSkipped = false;

  function step(name: string, fn: () => Promise<void>): void {
    it(name, async (t) => {
      if (isSkipped) return t.skip(`Chromium not installed at ${chromiumPath} (apt-get install chromium)`);
      await fn();
    });
  }

  function watchDialogs(target: Page): void {
    target.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()} @ ${target.url()}`);
      void dialog.dismiss();
    });
  }

  /** Waits for `texts` on the page, then checks that nothing ran and nothing was injected. */
  async function assertInert(target: Page, where: string, texts: readonly string[]): Promise<void> {
    for (const text of texts) await target.getByText(text).first().waitFor();
    // Injected images would have failed to load by now; the app's own polling may keep the network busy.
    await target.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
    const evidence = (await target.evaluate(evidenceScript)) as Evidence;
    assert.equal(evidence.flag, null, `a payload ran on ${where}`);
    assert.deepEqual(evidence.injected, [], `elements injected on ${where}`);
    assert.equal(evidence.scripts, 0, `a script element with a payload on ${where}`);
    for (const text of texts)
      assert.ok(evidence.text.includes(text), `"${text}" is not shown as text on ${where}`);
    assert.deepEqual(dialogs, [], `dialogs opened on ${where}`);
  }

  async function visit(path: string, where: string, texts: readonly string[]): Promise<void> {
    await page.goto(`${server.baseUrl}${path}`);
    await assertInert(page, where, texts);
  }

  before(async () => {
    if (!existsSync(chromiumPath)) {
      if (process.env.CI) throw new Error(`Chromium not found at ${chromiumPath}`);
      isSkipped = true;
      return;
    }
    ensureWebBuild();
    workDir = mkdtempSync(join(tmpdir(), 'xcr-xss-'));
    llm = await startFakeLlmServer({ apiKey: llmKey });
    scriptMarkupAnswers(llm);
    server = await startServer(adminPassword, {
      XCR_RATE_LIMIT_PER_MIN: '600',
      XCR_RATE_LIMIT_PER_HOUR: '20000',
    });
    seeded = await seedPayloads(server.baseUrl, adminPassword, llm, llmKey);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watchDialogs(page);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await llm?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  step('control: the checks see a payload that is rendered as markup', async () => {
    const controlContext = await browser.newContext();
    try {
      const control = await controlContext.newPage();
      const opened: string[] = [];
      control.on('dialog', (dialog) => {
        opened.push(dialog.message());
        void dialog.dismiss();
      });
      await control.setContent(`<main>${payloads.img}${payloads.svg}</main>`);
      await control.waitForFunction('window.__xss !== undefined');
      const evidence = (await control.evaluate(evidenceScript)) as Evidence;
      assert.notEqual(evidence.flag, null);
      assert.ok(evidence.injected.length >= 2, JSON.stringify(evidence.injected));
      assert.ok(opened.length >= 1, 'the alert of the control payload was seen');
    } finally {
      await controlContext.close();
    }
  });

  step('signs in and shows the dashboard with the recent project and audit', async () => {
    await page.goto(server.baseUrl);
    await page.getByLabel('Username or email').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await assertInert(page, 'the dashboard', [projectName, taskName]);
  });

  step('project list', () => visit('/projects', 'the project list', [projectName, projectDescription]));

  step('project detail', () =>
    visit(`/projects/${seeded.projectId}`, 'the project detail', [
      projectName,
      projectDescription,
      uploadName,
    ]),
  );

  step('audit list', () => visit('/tasks', 'the audit list', [taskName, projectName]));

  step('audit detail and its findings list', () =>
    visit(`/tasks/${seeded.taskId}`, 'the audit detail', [
      taskName,
      projectName,
      `src/${fileName}`,
      llmTitle,
    ]),
  );

  step('rule finding with its code view and comment', () =>
    visit(`/tasks/${seeded.taskId}?issue=${seeded.ruleIssueId}`, 'the rule finding', [
      codeComment,
      `res.send('${payloads.breakout}' + result);`,
      commentText,
    ]),
  );

  step(
    'LLM finding: title, description, explanation, suggestion; the javascript: link is not a link',
    async () => {
      await visit(`/tasks/${seeded.taskId}?issue=${seeded.llmIssueId}`, 'the LLM finding', [
        llmTitle,
        `LLM description ${payloads.script}`,
        `What ${payloads.img}`,
        `Why ${payloads.script}`,
        `How ${payloads.svg}`,
        `LLM suggestion ${payloads.svg}`,
      ]);
      assert.equal(await page.getByRole('link', { name: 'Learn more' }).count(), 0);
    },
  );

  step('reports and the recycle bin', async () => {
    await visit('/reports', 'the reports page', ['report_']);
    await visit('/recycle-bin', 'the recycle bin', [deletedName]);
  });

  step('instant analysis of pasted code holding markup', async () => {
    await page.goto(`${server.baseUrl}/instant-analysis`);
    await page
      .getByLabel('Paste code')
      .fill(`// ${payloads.img}\napp.get('/x', (req, res) => { eval(req.query.code); });\n`);
    await page.getByRole('main').getByLabel('Language', { exact: true }).selectOption('javascript');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('instant-total').waitFor();
    await assertInert(page, 'the instant analysis', [`// ${payloads.img}`]);
  });

  step('the HTML report is inert even with its CSP switched off', async () => {
    assert.ok(seeded.reportHtml.includes('&lt;img src=x onerror='), 'the report escapes the markup');
    const path = join(workDir, 'report.html');
    writeFileSync(path, seeded.reportHtml);
    for (const bypassCSP of [false, true]) {
      const reportContext = await browser.newContext({ bypassCSP, javaScriptEnabled: true });
      try {
        const reportPage = await reportContext.newPage();
        watchDialogs(reportPage);
        await reportPage.goto(`file://${path}`);
        await assertInert(reportPage, `the HTML report (bypassCSP ${bypassCSP})`, [
          llmTitle,
          codeComment,
          `What ${payloads.img}`,
        ]);
      } finally {
        await reportContext.close();
      }
    }
  });
});
