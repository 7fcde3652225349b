/**
 * A real browser for the console's tests: playwright-core driving the system's Chromium, found by
 * src/dev/chromium.ts (installed beforehand by `make browser`, never here inside a test's timeout),
 * and axe-core's accessibility check.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CONSOLE_DIST } from '../../src/console/plugin.js';
import { findChromium } from '../../src/dev/chromium.js';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw new Error('The console is not built: run `make console` (make test does).');
  const found = await findChromium();
  if (!found) throw new Error('No Chromium: run `make browser` (make test does) or set CHROMIUM_PATH.');
  // Chromium's sandbox needs user namespaces, which a root or container user often lacks.
  return chromium.launch({ executablePath: found.path, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}

/** No accessibility violation of serious or critical impact on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}
