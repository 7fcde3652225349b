/** /console/: the built app's files, and its page for every path below it (a deep link or a reload). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST } from '../../src/console/plugin.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw new Error('The console is not built: run `make console` (make test does).');
  t = await startTestApp({ worker: false, temporalUiUrl: 'http://temporal.example:8233' });
});
afterAll(() => t?.close());

describe('/console', () => {
  it('serves the app for a deep link, under the API’s Content-Security-Policy, with no script from elsewhere', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/console/orders/42?status=pending' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(String(response.headers['content-security-policy'])).toContain("script-src 'self'");
    const scripts = [...response.body.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).toMatch(/^\/console\/assets\//);
      const asset = await t.http.inject({ method: 'GET', url: src });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
    }
    expect(response.body).not.toMatch(/https?:\/\//);
  });

  it('redirects /console to /console/, and answers a missing file with a problem', async () => {
    const bare = await t.http.inject({ method: 'GET', url: '/console' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/console/');
    const missing = await t.http.inject({ method: 'GET', url: '/console/assets/index-gone.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('tells the app where the Temporal UI is', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/console/config.json' });
    expect(response.json()).toEqual({ namespace: 'default', temporalUiUrl: 'http://temporal.example:8233' });
  });

  it('weighs under 150 KB gzipped, scripts and styles together', () => {
    const assets = join(CONSOLE_DIST, 'assets');
    const gzipped = readdirSync(assets)
      .filter((name) => /\.(js|css)$/.test(name))
      .reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(150 * 1024);
  });
});
