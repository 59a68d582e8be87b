#!/usr/bin/env node
// End-to-end test in a real VS Code: code-server (installed and cached by
// scripts/setup-code-server.mjs) in headless Chromium driven by playwright-core.
//
// Installs the packaged biaslens.vsix (run `npm run package` first; `npm run test:e2e`
// does both), opens a fixture workspace holding a few-shot prompt whose demos all
// answer (A), and checks, waiting on UI state only:
//   1. the Problems panel shows the answer-position-skew diagnostic;
//   2. the hover shows the answer-letter histogram;
//   3. the quick fix changes the file and the diagnostic disappears;
//   4. the report webview (strict CSP) charts the gold letters;
//   5. a counterfactual audit from the CodeLens, against a local always-(A) model on
//      127.0.0.1, puts an option-permutation diagnostic on the block and its
//      position-rate chart into the report.
// Screenshots go to test/e2e/artifacts/ (git-ignored), also on failure. With
// BIASLENS_DOC_IMAGES=<folder>, the editor area of the hover, the quick fix menu and the audit
// report is also saved there (the README's pictures: BIASLENS_DOC_IMAGES=docs/images npm run test:e2e).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureCodeServer } from '../../scripts/setup-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = path.join(root, 'biaslens.vsix');
const artifacts = path.join(root, 'test', 'e2e', 'artifacts');
const fixture = path.join(root, 'test', 'e2e', 'fixtures', 'workspace');
const FILE = 'biased-few-shot.prompt';
const RULE = 'answer-position-skew';
const CHROMIUM = process.env.BIASLENS_CHROMIUM ?? '/usr/bin/chromium';
const UI_TIMEOUT = 60_000;
const DOC_IMAGES = process.env.BIASLENS_DOC_IMAGES ? path.resolve(process.env.BIASLENS_DOC_IMAGES) : undefined;

/** With BIASLENS_DOC_IMAGES, a picture of the editor area (editors, hovers and menus; no side bar or panel) for the docs. */
async function docImage(page, name) {
  if (!DOC_IMAGES) return;
  mkdirSync(DOC_IMAGES, { recursive: true });
  const clip = await page.locator('.part.editor').first().boundingBox();
  if (!clip) throw new Error('the editor area has no position on screen');
  await page.screenshot({ path: path.join(DOC_IMAGES, name), clip });
}

const steps = [];
function step(name) {
  const started = Date.now();
  process.stdout.write(`  … ${name}\n`);
  return () => {
    steps.push({ name, ms: Date.now() - started });
    process.stdout.write(`  ✓ ${name} (${Date.now() - started} ms)\n`);
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function findFiles(dir, predicate, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) findFiles(p, predicate, out);
    else if (predicate(p)) out.push(p);
  }
  return out;
}

/** An OpenAI-compatible endpoint on 127.0.0.1 whose model always answers (A): position bias at its plainest. */
async function startAlwaysAModel() {
  let requests = 0;
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"not found"}}');
        return;
      }
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests}`,
          object: 'chat.completion',
          created: 0,
          model: 'always-a',
          choices: [{ index: 0, message: { role: 'assistant', content: "Let's think step by step. The first option looks right. The best answer is: (A)." }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, requests: () => requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function main() {
  if (!existsSync(vsix)) throw new Error(`${path.relative(root, vsix)} is missing: run \`npm run package\` first (npm run test:e2e does).`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set BIASLENS_CHROMIUM).`);
  let done = step('code-server installed (cached after the first run)');
  const { entry, cached, seconds } = ensureCodeServer();
  done();
  if (!cached) console.log(`    code-server install took ${seconds} s`);

  mkdirSync(artifacts, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'biaslens-e2e-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const workspace = path.join(tmp, 'workspace');
  const configFile = path.join(tmp, 'code-server.yaml');
  cpSync(fixture, workspace, { recursive: true });
  const original = readFileSync(path.join(workspace, FILE), 'utf8');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const model = await startAlwaysAModel();
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
        'editor.hover.delay': 300,
        'chat.commandCenter.enabled': false,
        'biaslens.audit.baseUrl': model.url,
        'biaslens.audit.model': 'always-a',
        'biaslens.audit.checks': ['option-permutation'],
      },
      null,
      2,
    ),
  );
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  done = step('install biaslens.vsix into code-server');
  const install = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) throw new Error(`--install-extension failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
  if (!readdirSync(extensionsDir).some((d) => d.startsWith('biaslens.biaslens-'))) throw new Error(`extension not installed:\n${install.stdout}`);
  done();

  const port = await freePort();
  done = step(`start code-server on 127.0.0.1:${port}`);
  const server = spawn(
    process.execPath,
    [entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${serverLog}`)), UI_TIMEOUT);
    const check = () => {
      if (/HTTP server listening/.test(serverLog)) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout.on('data', check);
    server.stderr.on('data', check);
    server.once('exit', (code) => reject(new Error(`code-server exited (${code}):\n${serverLog}`)));
  });
  done();

  const browserProfile = path.join(tmp, 'chromium-profile');
  let browser;
  let page;
  const result = { ok: false, steps, activationMs: undefined };
  try {
    done = step('open the workspace in Chromium');
    browser = await chromium.launchPersistentContext(browserProfile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // Nothing but the local code-server may be contacted.
    await browser.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      return route.abort();
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    done();

    done = step(`open ${FILE}`);
    await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } }).catch(() => undefined);
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await quickInput.fill(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    done();

    done = step(`Problems panel shows ${RULE}`);
    await page.keyboard.press('Control+Shift+M');
    const problemRow = page.locator('.markers-panel .monaco-list-row', { hasText: RULE });
    await problemRow.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.screenshot({ path: path.join(artifacts, '1-problems.png') });
    done();

    done = step('hover shows the answer-letter histogram');
    // The CodeLens above the block shifts the lines once it renders: wait for it, then point at the squiggle.
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Bias Lens:' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const squiggle = page.locator('.editor-instance .monaco-editor .view-overlays [class*="squiggly-"]').first();
    await squiggle.waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Answer-letter histogram' });
    let target;
    for (let attempt = 1; ; attempt++) {
      const box = await squiggle.boundingBox();
      if (!box) throw new Error('the squiggle has no position on screen');
      target = { x: box.x + box.width / 2, y: box.y + box.height / 2 - 4 };
      await page.mouse.move(target.x, target.y - 60);
      await page.mouse.move(target.x, target.y, { steps: 5 });
      try {
        await hover.first().waitFor({ state: 'visible', timeout: attempt < 3 ? 10_000 : UI_TIMEOUT });
        break;
      } catch (error) {
        if (attempt >= 3) throw error; // the layout may have moved under the pointer: aim again
      }
    }
    const hoverText = await hover.first().innerText();
    if (!/A\s+\d+\s+█/.test(hoverText)) throw new Error(`hover has no letter histogram rows:\n${hoverText}`);
    await page.screenshot({ path: path.join(artifacts, '2-hover.png') });
    await docImage(page, 'hover.png');
    done();

    done = step('the quick fix changes the file and the diagnostic disappears');
    // Put the cursor on the finding and open the quick fix menu.
    await page.keyboard.press('Escape');
    await page.mouse.click(target.x, target.y);
    await page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const items = menu.locator('.monaco-list-row.action');
    await items.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const titles = await items.allInnerTexts();
    const fixIndex = titles.findIndex((t) => !/^(Disable |Fix all |Show documentation)/.test(t.trim()));
    if (fixIndex !== 0) throw new Error(`the rule's fix is not the first action: ${JSON.stringify(titles)}`);
    await page.screenshot({ path: path.join(artifacts, '3-quick-fix-menu.png') });
    await docImage(page, 'quick-fix.png');
    // The menu opens with its first action focused (a pointer block covers the items, so use the keyboard).
    await menu.locator('.monaco-list-row.action.focused', { hasText: titles[fixIndex].trim() }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await page.keyboard.press('Control+S');
    // Saved to disk, and different from the original.
    const file = path.join(workspace, FILE);
    const deadline = Date.now() + UI_TIMEOUT;
    while (readFileSync(file, 'utf8') === original) {
      if (Date.now() > deadline) throw new Error('the quick fix did not change the file on disk');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
    }
    await problemRow.first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const fixed = readFileSync(file, 'utf8');
    const letters = [...fixed.matchAll(/So the answer is \(([A-D])\)/g)].map((m) => m[1]);
    if (new Set(letters).size < 2) throw new Error(`gold letters still degenerate after the fix: ${letters.join(' ')}`);
    await page.screenshot({ path: path.join(artifacts, '4-after-fix.png') });
    done();

    done = step('the report webview charts the (now balanced) gold letters');
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await quickInput.fill('>Bias Lens: Show Report');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Bias Lens: Show Report' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.keyboard.press('Enter');
    const report = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    const chart = report.locator('figure.chart', { hasText: 'Gold answer letters' }).locator('svg');
    await chart.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const label = (await chart.first().getAttribute('aria-label')) ?? '';
    const used = [...label.matchAll(/([A-D]) (\d+)/g)].filter((m) => Number(m[2]) > 0).length;
    if (used < 2) throw new Error(`report chart does not show balanced letters: ${label}`);
    // Files are named relative to the workspace, as elsewhere in VS Code.
    const fileNames = await report.locator('section.file h2 a').allInnerTexts();
    if (!fileNames.includes(FILE)) throw new Error(`the report does not name ${FILE} relative to the workspace: ${JSON.stringify(fileNames)}`);
    await page.screenshot({ path: path.join(artifacts, '5-report.png') });
    done();

    done = step('an audit from the CodeLens adds an option-permutation diagnostic and a position-rate chart');
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Run counterfactual audit' }).first().click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await dialog.locator('.monaco-button', { hasText: 'Run Audit' }).first().click();
    const toast = page.locator('.notification-toast', { hasText: 'Bias Lens audit:' });
    await toast.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const toastText = await toast.first().innerText();
    if (!/flagged: option-permutation/.test(toastText)) throw new Error(`the audit flagged nothing:\n${toastText}`);
    if (model.requests() === 0) throw new Error('the audit sent no request to the local model');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'option-permutation' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.screenshot({ path: path.join(artifacts, '6-audit-problems.png') });
    await toast.first().locator('.monaco-button', { hasText: 'Show Charts' }).first().click();
    const positions = report.locator('figure.chart', { hasText: 'Position rates' }).locator('svg');
    await positions.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const positionLabel = (await positions.first().getAttribute('aria-label')) ?? '';
    if (!/\(A\) 100%/.test(positionLabel)) throw new Error(`the position-rate chart does not show (A) at 100%: ${positionLabel}`);
    const auditHeading = (await report.locator('#audits section.audit h2').first().innerText()).trim();
    if (auditHeading !== `Audit of ${FILE}`) throw new Error(`the audit is not named by its workspace-relative path: ${auditHeading}`);
    await page.screenshot({ path: path.join(artifacts, '7-audit-report.png') });
    await docImage(page, 'audit-report.png');
    done();

    // The activation time the extension logged inside VS Code.
    const logs = findFiles(userDataDir, (p) => p.endsWith('.log'));
    for (const log of logs) {
      const m = /Bias Lens activated in ([\d.]+) ms/.exec(readFileSync(log, 'utf8'));
      if (m) result.activationMs = Number(m[1]);
    }
    result.ok = true;
  } catch (error) {
    if (page) await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => undefined);
    writeFileSync(path.join(artifacts, 'code-server.log'), serverLog);
    throw error;
  } finally {
    writeFileSync(path.join(artifacts, 'e2e-result.json'), JSON.stringify(result, null, 2) + '\n');
    await browser?.close().catch(() => undefined);
    server.kill();
    await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
    await model.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`E2E passed: ${steps.length} steps${result.activationMs !== undefined ? `; activation ${result.activationMs} ms` : ''}. Screenshots in ${path.relative(root, artifacts)}/`);
}

main().catch((error) => {
  console.error(`E2E failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
