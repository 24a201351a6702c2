// Shared support for browser tests: one way to start Debian's headless Chromium through playwright-core,
// run axe-core on a page, and save a screenshot as a test artifact (artifacts/screenshots, not committed).
// Tests drive pages as a person does: by visible labels and roles.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where Debian's chromium package puts the browser; `.ci/system-deps` installs it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether a browser is installed here; suites use `describe.skipIf(!hasBrowser)` only outside CI. */
export const hasBrowser = existsSync(CHROMIUM_PATH);

// The background-networking flags keep Chromium from reaching out to hosts this machine cannot reach.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  if (!hasBrowser) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: run 'bash .ci/system-deps' (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** A fresh page in its own context (axe-core needs pages made through `browser.newContext()`). */
export async function newPage(browser: Browser, options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  return context.newPage();
}

export interface AxeViolationSummary {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page and returns the violations at the serious or critical level, in a form that
 * reads well in a failed assertion (`expect(await seriousViolations(page)).toEqual([])`).
 */
export async function seriousViolations(page: Page): Promise<AxeViolationSummary[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

export const SCREENSHOT_DIR = join(process.cwd(), 'artifacts', 'screenshots');

/** Saves a full-page screenshot as artifacts/screenshots/<name>.png (for a person to look at). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
