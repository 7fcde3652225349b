/**
 * The operator console in a real browser (Chromium through playwright-core) against the real stack:
 * the API on a real port, the worker in-process, PostgreSQL and Temporal from the shared harness.
 * Each test does what a person does: opens a page, reads it, clicks, types.
 *
 * One browser and one stack for the file; each test has a browser context of its own (its own
 * session storage) and, but for the counts (which add up every order), they run at once: much of
 * their time is waiting for the saga (the carrier's latency, the pages' refresh), which overlaps.
 * Side by side on a busy machine each takes several times as long as alone, hence 90 s timeouts.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { expectAccessible, launchBrowser } from '../support/browser.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { allReceived, deliveredOrder, receiveAndDecline, receiveAndRefund, requestReturn, type ReturnJson } from '../support/returns.js';
import { createOrder, stockedSku, stockOf, untilFinished, untilStage } from '../support/saga.js';
import { signedToken } from '../support/tokens.js';
import { startReceiver } from '../webhooks/receiver.js';

const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ? new URL('../../docs/console/', import.meta.url) : undefined;
const SECRET = 'console-test-secret-of-at-least-32-bytes!';

/** As `make run` serves it: requests without a token act as the development operator. */
let t: TestApp;
/** As the api role serves it: a token signed with the configured key, or 401 (same database and task queue). */
let production: TestApp;
let browser: Browser;
let customerCounter = 0;
/** A customer of its own per test, so the list's customer filter shows only that test's orders. */
const freshCustomer = () => 700_000 + process.pid * 10 + customerCounter++;

beforeAll(async () => {
  [t, browser] = await Promise.all([
    startTestApp({
      listen: true,
      webhooks: true,
      temporalUiUrl: 'http://temporal-ui.invalid',
      // Above 100 an order waits for review; a slow carrier keeps an order at the hand-over long enough to click.
      env: {
        ORDER_PROCESSING_DELAY: '100ms',
        ORDER_REVIEW_THRESHOLD: '100.00',
        CARRIER_LATENCY: '4s',
        ORDER_CANCEL_WAIT: '10s',
        WEBHOOK_POLL_INTERVAL: '200ms',
        WEBHOOK_MIN_BACKOFF: '200ms',
        WEBHOOK_MAX_BACKOFF: '1s',
      },
    }),
    launchBrowser(),
  ]);
  production = await startTestApp({
    role: 'api',
    worker: false,
    listen: true,
    databaseUrl: t.databaseUrl,
    env: {
      TEMPORAL_TASK_QUEUE: t.config.temporal.taskQueue,
      AUTH_JWT_SECRET: SECRET,
      METRICS_TOKEN: 'console-test-metrics-token-of-32-characters',
      RATE_LIMIT_PER_MINUTE: '0',
      ORDER_REVIEW_THRESHOLD: '100.00',
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await production?.close();
  await t?.close();
});

/** A fresh browser context on one of the two APIs, closed when the test ends (the test's own hook: tests run at once). */
async function browse(test: TestContext, api: TestApp = t) {
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  test.onTestFinished(() => context.close());
  const page = await context.newPage();
  return {
    page,
    open: (path: string) => page.goto(`${api.baseUrl}/console${path}`),
    row: (id: number) => page.locator(`tr[data-order-id="${id}"]`),
    shoot: async (name: string) => {
      if (!SCREENSHOTS) return;
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
    },
  };
}

/** What the console keeps in the tab's session storage. */
const storedToken = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('orders-console-token'));

const shownOrderIds = (page: Page) => page.locator('tr[data-order-id]').evaluateAll((rows) => rows.map((tr) => Number(tr.getAttribute('data-order-id'))));

// First and alone: the counts add up all orders, which the other tests create.
describe('orders list: counts', () => {
  it('shows the counts per status, and they follow new orders', async (test) => {
    const { page, open } = await browse(test);
    await open('/orders');
    await page.locator('[data-count="pending"]').waitFor();
    // The total: a new order may already have moved from pending on by the next refresh.
    const total = () => page.locator('[data-count]').evaluateAll((counts) => counts.reduce((sum, count) => sum + Number(count.textContent), 0));
    const before = await total();
    await createOrder(t, { customer_id: freshCustomer(), total_amount: 5 });
    await eventually(async () => ((await total()) === before + 1 ? true : undefined), 10_000, 'the counts to add up to one more order');
  }, 90_000);
});

// The rest side by side (at most maxConcurrency at once: 3, vitest.config.ts).
describe.concurrent('the console', () => {
  describe('orders list', () => {
    it('shows an order created through the API, and its progress to completed, without a reload', async (test) => {
      const { page, open, row, shoot } = await browse(test);
      const customer = freshCustomer();
      await open(`/orders?customer=${customer}`);
      await page.getByRole('heading', { name: 'Orders' }).waitFor();
      // A marker that a reload would wipe.
      await page.evaluate(() => ((globalThis as unknown as { marker: string }).marker = 'same page'));

      const sku = await stockedSku(t, 10);
      const order = await createOrder(t, { customer_id: customer, items: [{ sku, quantity: 1, unit_price: 25 }] });
      await row(order.id).waitFor({ timeout: 10_000 });
      await row(order.id).getByText('completed').waitFor({ timeout: 40_000 });
      expect(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe('same page');
      await expectAccessible(page, 'the orders list');
      if (SCREENSHOTS) {
        await open('/orders');
        await row(order.id).waitFor();
        await shoot('orders');
      }
    }, 90_000);

    it('keeps its filters and page in the URL: open an order, press Back, the same rows are there', async (test) => {
      const { page, open, row } = await browse(test);
      const customer = freshCustomer();
      const orders = [];
      for (let i = 0; i < 27; i++) orders.push(await createOrder(t, { customer_id: customer, total_amount: 5 }));
      await open('/orders');
      await page.getByLabel('Customer').fill(String(customer));
      // The list refreshes every few seconds; what the operator typed must survive it.
      await page.waitForResponse((response) => new URL(response.url()).pathname === '/orders', { timeout: 10_000 });
      expect(await page.getByLabel('Customer').inputValue()).toBe(String(customer));
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL((url) => url.searchParams.get('customer') === String(customer));
      await row(orders[0]!.id).waitFor();
      await page.getByRole('link', { name: 'Next page' }).click();
      await row(orders[26]!.id).waitFor();
      // The page shows what the API's second page holds, and its cursor is in the URL.
      const after = new URL(page.url()).searchParams.get('after');
      const first = await t.http.inject({ method: 'GET', url: `/orders?limit=25&customer_id=${customer}` });
      expect(after).toBe(/after=(\d+)/.exec(String(first.headers.link))?.[1]);
      const second = (await t.http.inject({ method: 'GET', url: `/orders?limit=25&customer_id=${customer}&after=${after}` })).json<{ id: number }[]>();
      // Polled: the list may be re-rendering from a poll just then.
      await expect.poll(() => shownOrderIds(page)).toEqual(second.map((order) => order.id));

      await page.getByRole('link', { name: `#${orders[26]!.id}` }).click();
      await page.getByRole('heading', { name: new RegExp(`Order #${orders[26]!.id}`) }).waitFor();
      await page.goBack();
      await row(orders[26]!.id).waitFor();
      expect(new URL(page.url()).searchParams.get('after')).toBe(after);
      await expect.poll(() => page.getByLabel('Customer').inputValue()).toBe(String(customer));
      await expect.poll(() => shownOrderIds(page)).toEqual(second.map((order) => order.id));
    }, 90_000);
  });

  describe('one order', () => {
    it('shows an order above the threshold in the review queue; approving it there, with a note, completes it on screen', async (test) => {
      const { page, open, row, shoot } = await browse(test);
      const sku = await stockedSku(t, 10);
      const order = await createOrder(t, { customer_id: freshCustomer(), items: [{ sku, quantity: 2, unit_price: 150 }] });
      await untilStage(t, order.id, 'awaiting_review');
      await open('/orders');
      await page.getByRole('link', { name: 'Review queue' }).click();
      await row(order.id).waitFor({ timeout: 10_000 });
      expect(await row(order.id).textContent()).toMatch(/left/);
      await expectAccessible(page, 'the review queue');
      await shoot('review-queue');
      await row(order.id).getByRole('link').click();
      await page.getByRole('button', { name: 'Approve' }).waitFor();
      await shoot('order-awaiting-review');
      await expectAccessible(page, 'an order awaiting review');
      await page.getByLabel('Note for the timeline (optional)').fill('Known customer, called back');
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.locator('[data-event="review.approved"]', { hasText: 'Known customer, called back' }).waitFor();
      await page.getByRole('heading', { name: /completed/ }).waitFor({ timeout: 40_000 });
      await page.locator('[data-event="shipment.handed_over"]').waitFor();
      expect(await page.locator('[data-amount="captured"]').textContent()).toBe('300.00');
      expect(await page.locator('[data-shipment]').textContent()).toMatch(/delivered/);
      expect(await page.getByRole('link', { name: `Workflow order-${order.id} in the Temporal UI` }).getAttribute('href')).toBe(
        `http://temporal-ui.invalid/namespaces/default/workflows/order-${order.id}`,
      );
      await shoot('order');
      // Dark mode follows the system's setting, with no reload and no switch of its own.
      const background = () =>
        page.evaluate(() => {
          const window = globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string }; document: { body: unknown } };
          return window.getComputedStyle(window.document.body).backgroundColor;
        });
      const light = await background();
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await background()).not.toBe(light);
      await expectAccessible(page, 'an order, in dark mode');
      await shoot('order-dark');
    }, 90_000);

    it('rejects an order awaiting review: it is cancelled and its timeline shows the compensations', async (test) => {
      const { page, open } = await browse(test);
      const sku = await stockedSku(t, 10);
      const order = await createOrder(t, { customer_id: freshCustomer(), items: [{ sku, quantity: 1, unit_price: 400 }] });
      await untilStage(t, order.id, 'awaiting_review');
      await open(`/orders/${order.id}`);
      await page.getByRole('button', { name: 'Reject' }).click();
      await page.getByRole('heading', { name: /cancelled/ }).waitFor({ timeout: 30_000 });
      await page.getByText('Reason: review rejected', { exact: true }).waitFor();
      await page.locator('[data-event="inventory.released"]').waitFor();
      await page.locator('[data-event="payment.voided"]').waitFor();
      expect(await page.locator('li.step', { hasText: 'Stock reserved' }).textContent()).toBe('Stock reserved: compensated');
      expect(await page.locator('li.step', { hasText: 'Shipment booked' }).textContent()).toBe('Shipment booked: skipped');
      expect(await stockOf(t, sku)).toMatchObject({ reserved: 0 });
    }, 90_000);

    it('cancels after a confirmation, sending one request however often the button is clicked', async (test) => {
      const { page, open } = await browse(test);
      const sku = await stockedSku(t, 10);
      // Above the threshold: it waits at the review, cancellable and with a version that stays put (no 412).
      const order = await createOrder(t, { customer_id: freshCustomer(), items: [{ sku, quantity: 1, unit_price: 120 }] });
      await untilStage(t, order.id, 'awaiting_review');
      await open(`/orders/${order.id}`);
      const cancels: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith(`/orders/${order.id}/cancel`)) cancels.push(request.headers()['idempotency-key'] ?? '');
      });
      await page.getByRole('button', { name: 'Cancel order' }).click();
      const dialog = page.getByRole('dialog', { name: `Cancel order #${order.id}?` });
      await dialog.waitFor();
      await expectAccessible(page, 'the cancel confirmation');
      await dialog.getByRole('button', { name: 'Cancel the order' }).dblclick();
      await page.getByRole('heading', { name: /cancelled/ }).waitFor({ timeout: 30_000 });
      expect(cancels).toHaveLength(1);
      expect(cancels[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(await untilFinished(t, order.id)).toMatchObject({ status: 'cancelled', status_reason: 'cancelled_by_operator' });
    }, 90_000);

    it('shows the 409 detail when a cancel is refused because the parcel is being handed over', async (test) => {
      const { page, open } = await browse(test);
      const sku = await stockedSku(t, 10);
      const order = await createOrder(t, { customer_id: freshCustomer(), items: [{ sku, quantity: 1, unit_price: 20 }] });
      // The confirmation is open before the hand-over starts, so the click needs only a moment of the
      // carrier's 4 s (the page shows the hand-over, and has its current ETag, by its next refresh).
      await untilStage(t, order.id, 'booking_shipment', 40_000);
      await open(`/orders/${order.id}`);
      await page.getByRole('button', { name: 'Cancel order' }).click();
      await untilStage(t, order.id, 'handing_over', 40_000);
      await page.getByText('The parcel is being handed to the carrier').waitFor();
      await page.getByRole('button', { name: 'Cancel the order' }).click();
      const refusal = page.locator('.order-actions').getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toBe(
        `Order ${order.id}: The payment is being captured or the parcel handed to the carrier; the order can no longer be cancelled.`,
      );
      await page.getByRole('heading', { name: /completed/ }).waitFor({ timeout: 30_000 });
    }, 90_000);

    it("shows the order's refunded amount from the order itself: a partial return refunds part of the capture", async (test) => {
      const { page, open } = await browse(test);
      const sku = await stockedSku(t, 5);
      const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 10.25 }]);
      const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'one too many' });
      expect(created.statusCode, created.body).toBe(201);
      await receiveAndRefund(t, order.id, created.json<{ id: number }>().id, [{ sku, received_quantity: 1, resellable_quantity: 1 }]);
      await open(`/orders/${order.id}`);
      await page.locator('[data-amount="captured"]', { hasText: '20.50' }).waitFor({ timeout: 20_000 });
      await page.locator('[data-amount="refunded"]', { hasText: '10.25' }).waitFor({ timeout: 10_000 });
    }, 90_000);

    it("shows the order's webhook deliveries, a failing one highlighted with its last error, and leads to the endpoint's page", async (test) => {
      const { page, open, shoot } = await browse(test);
      const customer = freshCustomer();
      // Refuses this test's order (its first event, which holds the rest of the order's line back), takes every other.
      const receiver = await startReceiver(({ body }) =>
        (JSON.parse(body) as { details?: { customer_id?: number } }).details?.customer_id === customer ? 503 : 200,
      );
      const created = await t.http.inject({ method: 'POST', url: '/webhooks', payload: { url: receiver.url, description: 'refuses one customer' } });
      expect(created.statusCode, created.body).toBe(201);
      const endpoint = created.json<{ id: number }>();
      try {
        const order = await createOrder(t, { customer_id: customer, total_amount: 5 });
        await open(`/orders/${order.id}`);
        const deliveries = page.getByRole('table', { name: 'Webhook deliveries' });
        const failing = deliveries.locator('tr.failing', { hasText: 'order.created' });
        await failing.filter({ hasText: 'HTTP 503' }).waitFor({ timeout: 20_000 });
        expect(await failing.getByRole('link').textContent()).toBe(`#${endpoint.id} ${receiver.url}`);
        await expectAccessible(page, 'an order with its webhook deliveries');
        await shoot('order-webhook-deliveries');
        await failing.getByRole('link').click();
        await page.getByRole('table', { name: `Deliveries of endpoint #${endpoint.id}` }).waitFor();
        await page.getByRole('row', { name: new RegExp(`#${endpoint.id} .*Failing: \\d+ deliveries retrying`) }).waitFor();
        await expectAccessible(page, 'the webhooks page');
      } finally {
        await t.http.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}` });
        await receiver.close();
      }
    }, 90_000);

    it('shows a disabled endpoint as disabled, with why, not as OK', async (test) => {
      const { page, open } = await browse(test);
      const receiver = await startReceiver(() => 200);
      const created = await t.http.inject({ method: 'POST', url: '/webhooks', payload: { url: receiver.url, description: 'disabled one' } });
      expect(created.statusCode, created.body).toBe(201);
      const endpoint = created.json<{ id: number }>();
      try {
        // As the dispatcher leaves an endpoint that failed for WEBHOOK_DISABLE_AFTER.
        await t.db.query(`UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = 'failed for 72h: HTTP 503' WHERE id = $1`, [endpoint.id]);
        expect((await t.http.inject({ method: 'GET', url: `/webhooks/${endpoint.id}` })).json()).toMatchObject({ status: 'disabled' });
        await open('/webhooks');
        await page.getByRole('row', { name: new RegExp(`#${endpoint.id} .*Disabled.*failed for 72h: HTTP 503`) }).waitFor({ timeout: 15_000 });
      } finally {
        await t.http.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}` });
        await receiver.close();
      }
    }, 90_000);

    it('refuses on hand below what is reserved, with the API message', async (test) => {
      const { page, open } = await browse(test);
      const sku = await stockedSku(t, 5, 'AAA');
      // Above the review threshold: the order waits for review, holding its 3 units.
      const order = await createOrder(t, { customer_id: freshCustomer(), items: [{ sku, quantity: 3, unit_price: 60 }] });
      await untilStage(t, order.id, 'awaiting_review');
      await open('/stock');
      const line = page.locator(`tr[data-sku="${sku}"]`);
      await line.waitFor();
      await expectAccessible(page, 'the stock page');
      await line.getByLabel(`On hand for ${sku}`).fill('1');
      await line.getByRole('button', { name: 'Save' }).click();
      await line
        .getByRole('alert')
        .filter({ hasText: `3 units of ${sku} are reserved for orders in progress` })
        .waitFor();
      expect(await stockOf(t, sku)).toMatchObject({ on_hand: 5, reserved: 3 });

      await line.getByLabel(`On hand for ${sku}`).fill('8');
      await line.getByRole('button', { name: 'Save' }).click();
      await eventually(async () => ((await stockOf(t, sku)).on_hand === 8 ? true : undefined), 5_000, 'on hand to be 8');
      await line.getByRole('cell', { name: '8', exact: true }).first().waitFor();
    }, 90_000);
  });

  describe('in production (the api role, a configured key)', () => {
    it('asks for a bearer token on 401, keeps a pasted one in session storage, and shows the list', async (test) => {
      const { page, open, row } = await browse(test, production);
      const customer = freshCustomer();
      const order = await createOrder(t, { customer_id: customer, total_amount: 5 });
      await open(`/orders?customer=${customer}`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await row(order.id).count()).toBe(0);
      await expectAccessible(page, 'the sign-in page');

      await page.getByLabel('Bearer token').fill('not-a-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'The API did not accept the token' }).waitFor();

      const token = await signedToken(SECRET, { subject: 'console-operator', role: 'operator' }, { expiresIn: '1h' });
      await page.getByLabel('Bearer token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await row(order.id).waitFor();
      await page.getByRole('navigation', { name: 'Orders per status' }).waitFor();
      expect(await storedToken(page)).toBe(token);

      // Kept for the tab: a reload shows the list again without asking.
      await page.reload();
      await row(order.id).waitFor();
      expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await storedToken(page)).toBeNull();
    }, 90_000);

    it('a customer token sees only its own orders and no operator actions', async (test) => {
      const { page, open, row } = await browse(test, production);
      const me = freshCustomer();
      const other = freshCustomer();
      const sku = await stockedSku(t, 10);
      const mine = await createOrder(t, { customer_id: me, items: [{ sku, quantity: 1, unit_price: 200 }] });
      const theirs = await createOrder(t, { customer_id: other, total_amount: 5 });
      await untilStage(t, mine.id, 'awaiting_review');
      const token = await signedToken(SECRET, { subject: 'console-customer', role: 'customer', customerId: me }, { expiresIn: '1h' });

      await open('/orders');
      await page.getByLabel('Bearer token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await row(mine.id).waitFor();
      expect(await row(theirs.id).count()).toBe(0);
      expect(await shownOrderIds(page)).toEqual([mine.id]);
      expect(await page.getByRole('link', { name: 'Review queue' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Stock' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Refunds owed' }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Orders per status' }).count()).toBe(0);
      expect(await page.getByLabel('Customer').count()).toBe(0);

      await row(mine.id).getByRole('link').click();
      await page.getByRole('button', { name: 'Cancel order' }).waitFor();
      await page.locator('[data-stage]', { hasText: 'awaiting review' }).waitFor();
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Webhook deliveries' }).count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      await expectAccessible(page, "a customer's order");

      await open(`/orders/${theirs.id}`);
      await page
        .getByRole('alert')
        .filter({ hasText: `Order ${theirs.id} does not exist.` })
        .waitFor();
    }, 90_000);
  });
});

// After the concurrent flows: the local provider's refund declines are switched on for the whole app.
describe('refunds owed', () => {
  it('lists a declined refund across orders; one retry, however often clicked, refunds it, and the order page shows the return refunded', async (test) => {
    const { page, open } = await browse(test);
    const sku = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 7.5 }]);
    const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'scratched' });
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json<ReturnJson>();
    try {
      await receiveAndDecline(t, order.id, ret.id, allReceived(ret));
    } finally {
      t.config.providers.payments.declineRefunds = false;
    }
    await open('/orders');
    await page.getByRole('link', { name: 'Refunds owed' }).click();
    const row = page.locator(`tr[data-return-id="${ret.id}"]`);
    await row.getByRole('link', { name: `#${order.id}` }).waitFor({ timeout: 20_000 });
    await row.getByText('refund failed').waitFor();
    await expectAccessible(page, 'the refunds owed');

    const retries: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/returns/${ret.id}/retry-refund`)) retries.push(request.url());
    });
    await row.getByRole('button', { name: `Retry refund of return #${ret.id}` }).dblclick();
    await page
      .getByRole('status')
      .filter({ hasText: `Return #${ret.id} retried: refunded.` })
      .waitFor({ timeout: 20_000 });
    expect(retries).toHaveLength(1);
    await row.waitFor({ state: 'detached', timeout: 10_000 });

    await open(`/orders/${order.id}`);
    const shown = page.getByRole('table', { name: 'Returns' }).locator(`tr[data-return-id="${ret.id}"]`);
    await shown.getByText('refunded').waitFor({ timeout: 20_000 });
    await page.locator('[data-amount="refunded"]', { hasText: '7.50' }).waitFor({ timeout: 10_000 });
  }, 90_000);
});
