/**
 * The report webview's audit charts (media/audit.js), rendered in headless
 * chromium (the same browser the E2E test drives) from an engine report of a
 * real audit against the biased model server: position rates with CI whiskers,
 * follow rates, label prior; hostile strings stay text.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBiasedModelServer } from '../support/biased-model-server.js';
import { runAgainst } from '../support/audit-harness.js';
import { arithmeticPrompt, arithmeticQuestions } from '../support/audit-fixtures.js';
import type { AuditReport } from '../../server/src/audit/types.js';

const root = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.BIASLENS_CHROMIUM ?? '/usr/bin/chromium';
// The page loads media/dom.js (shared el/svg helpers) before audit.js.
const script = ['dom.js', 'audit.js'].map((f) => readFileSync(path.join(root, 'media', f), 'utf8')).join('\n');

let browser: Browser | undefined;
let report: AuditReport;

beforeAll(async () => {
  const model = await startBiasedModelServer({ seed: 5, accuracy: 0, positionBias: 0.8, suggestionFollow: 0.7, labelPrior: { A: 0.7, B: 0.1, C: 0.1, D: 0.1 } });
  try {
    ({ report } = await runAgainst(model, { prompt: arithmeticPrompt(arithmeticQuestions(12, 4, 3)), checks: ['option-permutation', 'suggested-answer', 'content-free-prior'] }));
  } finally {
    await model.close();
  }
  if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.runIf(existsSync(CHROMIUM))('report webview audit charts', () => {
  it('draws position rates with CI whiskers and chance, follow rates and the label prior, with every string as text', async () => {
    const page = await browser!.newPage();
    const hostile = { ...report, model: '<img src=x onerror="document.title=`pwned`"> evil-model' };
    await page.setContent(`<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head><body><div id="audits"></div></body></html>`);
    await page.addScriptTag({ content: script });
    await page.evaluate((audits) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage({ type: 'report', audits }, '*'), [{ uri: 'file:///w/a%3Cb%3E.prompt', report: hostile }]);
    await page.waitForSelector('#audits figure');

    const captions = await page.locator('#audits figcaption').allTextContents();
    expect(captions.some((c) => c.startsWith('Position rates'))).toBe(true);
    expect(captions.some((c) => c.startsWith('Follow rates'))).toBe(true);
    expect(captions.some((c) => c.startsWith('Label prior'))).toBe(true);

    // Position rates: a row per letter with the report's value and CI, three whisker lines each, and a chance line at 25%.
    const rates = report.checks.find((c) => c.id === 'option-permutation')!.metrics.position_rates as Record<string, { value: number; ci95: [number, number]; n: number }>;
    const positions = page.locator('figure', { hasText: 'Position rates' });
    const texts = await positions.locator('svg text.value').allTextContents();
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    expect(texts).toEqual(Object.values(rates).map((e) => `${pct(e.value)} (${pct(e.ci95[0])}–${pct(e.ci95[1])}) n=${e.n}`));
    expect(await positions.locator('svg line.whisker').count()).toBe(3 * Object.keys(rates).length);
    expect(await positions.locator('svg line.reference').count()).toBe(1);
    // The whisker spans the CI on the 0–100% axis.
    const a = rates.A!;
    const [x1, x2, zero, full] = await positions.evaluate((fig) => {
      const w = fig.querySelector('svg line.whisker')!;
      const axis = fig.querySelector('svg line.axis')!;
      return [w.getAttribute('x1'), w.getAttribute('x2'), axis.getAttribute('x1'), axis.getAttribute('x2')].map(Number);
    });
    expect(Math.abs((x1! - zero!) / (full! - zero!) - a.ci95[0])).toBeLessThan(0.01);
    expect(Math.abs((x2! - zero!) / (full! - zero!) - a.ci95[1])).toBeLessThan(0.01);

    // Hostile strings are text, not markup.
    expect(await page.locator('#audits img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    expect(await page.locator('#audits').textContent()).toContain('<img src=x');
    expect(await page.locator('#audits h2').first().textContent()).toBe('Audit of /w/a<b>.prompt');
    await page.close();
  });

  it('names the file as the extension labels it, and counts checks and calls in words', async () => {
    const page = await browser!.newPage();
    await page.setContent('<div id="audits"></div>');
    await page.addScriptTag({ content: script });
    const one = { ...report, checks_run: 1, calls: { made: 1, cached: 0, failed: 0 } };
    const post = (message: unknown) => page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), message);
    await post({ type: 'report', audits: [{ uri: 'file:///home/u/work/prompts/a.prompt', report: one }], labels: { 'file:///home/u/work/prompts/a.prompt': 'prompts/a.prompt' } });
    await page.waitForSelector('#audits h2');
    expect(await page.locator('#audits h2').first().textContent()).toBe('Audit of prompts/a.prompt');
    expect(await page.locator('#audits p.muted').first().textContent()).toMatch(/ · 1 check run · 1 call made, 0 cached, 0 failed$/);
    // Without a label for it (or with one that is no string), the file's path.
    await post({ type: 'report', audits: [{ uri: 'file:///home/u/work/b.prompt', report }], labels: { 'file:///home/u/work/b.prompt': 42 } });
    await page.locator('#audits h2', { hasText: 'Audit of /home/u/work/b.prompt' }).waitFor();
    expect(await page.locator('#audits p.muted').first().textContent()).toContain(`${report.checks_run} checks run · ${report.calls.made} calls made`);
    await page.close();
  });

  it('ignores malformed numbers instead of drawing them', async () => {
    const page = await browser!.newPage();
    await page.setContent('<div id="audits"></div>');
    await page.addScriptTag({ content: script });
    const bad = { model: 'm', calls: {}, checks: [{ id: 'option-permutation', status: 'flagged', summary: 's', metrics: { position_rates: { A: { value: 'x" onload="1', ci95: ['a', 2], n: 3 }, B: { value: 0.5, ci95: [0.4, 0.6], n: 10 } } } }] };
    await page.evaluate((audits) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage({ type: 'report', audits }, '*'), [{ uri: 'file:///w/b.prompt', report: bad }]);
    await page.waitForSelector('#audits figure');
    expect(await page.locator('#audits svg text.value').allTextContents()).toEqual(['50% (40%–60%) n=10']);
    await page.close();
  });
});
