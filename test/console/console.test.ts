/**
 * The operator console in a real browser (Chromium through playwright-core) against the real stack:
 * the API on a real port, the worker in-process, PostgreSQL and Temporal from the shared harness.
 * Each test does what a person does: opens a page, reads it, clicks, types.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from '../support/browser.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, stockedSku, stockOf, untilFinished, untilStage } from '../support/saga.js';

const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ? new URL('../../docs/console/', import.meta.url) : undefined;

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let customerCounter = 0;
/** A customer of its own per test, so the list's customer filter shows only that test's orders. */
const freshCustomer = () => 700_000 + process.pid * 10 + customerCounter++;

beforeAll(async () => {
  [t, browser] = await Promise.all([
    startTestApp({
      listen: true,
      temporalUiUrl: 'http://temporal-ui.invalid',
      // Above 100 an order waits for review; a slow carrier keeps an order at the hand-over long enough to click.
      env: { ORDER_REVIEW_THRESHOLD: '100.00', CARRIER_LATENCY: '3s', ORDER_CANCEL_WAIT: '10s' },
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});
beforeEach(async () => {
  await context?.close();
  context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

const open = (path: string) => page.goto(`${t.baseUrl}/console${path}`);
const row = (id: number) => page.locator(`tr[data-order-id="${id}"]`);
const shoot = async (name: string) => {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
};

describe('orders list', () => {
  it('shows an order created through the API, and its progress to completed, without a reload', async () => {
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
  }, 60_000);

  it('keeps its filters and page in the URL: open an order, press Back, the same rows are there', async () => {
    const customer = freshCustomer();
    const orders = [];
    for (let i = 0; i < 27; i++) orders.push(await createOrder(t, { customer_id: customer, total_amount: 5 }));
    await open('/orders');
    await page.getByLabel('Customer').fill(String(customer));
    await page.getByRole('button', { name: 'Apply' }).click();
    await row(orders[0]!.id).waitFor();
    await page.getByRole('link', { name: 'Next page' }).click();
    await row(orders[26]!.id).waitFor();
    // The page shows what the API's second page holds, and its cursor is in the URL.
    const after = new URL(page.url()).searchParams.get('after');
    const first = await t.http.inject({ method: 'GET', url: `/orders?limit=25&customer_id=${customer}` });
    expect(after).toBe(/after=(\d+)/.exec(String(first.headers.link))?.[1]);
    const second = (await t.http.inject({ method: 'GET', url: `/orders?limit=25&customer_id=${customer}&after=${after}` })).json<{ id: number }[]>();
    const shown = async () => page.locator('tr[data-order-id]').evaluateAll((rows) => rows.map((tr) => Number(tr.getAttribute('data-order-id'))));
    expect(await shown()).toEqual(second.map((order) => order.id));

    await page.getByRole('link', { name: `#${orders[26]!.id}` }).click();
    await page.getByRole('heading', { name: new RegExp(`Order #${orders[26]!.id}`) }).waitFor();
    await page.goBack();
    await row(orders[26]!.id).waitFor();
    expect(new URL(page.url()).searchParams.get('after')).toBe(after);
    expect(await page.getByLabel('Customer').inputValue()).toBe(String(customer));
    expect(await shown()).toEqual(second.map((order) => order.id));
  }, 90_000);

  it('shows the counts per status, and they follow new orders', async () => {
    await open('/orders');
    await page.locator('[data-count="pending"]').waitFor();
    // The total: a new order may already have moved from pending on by the next refresh.
    const total = () => page.locator('[data-count]').evaluateAll((counts) => counts.reduce((sum, count) => sum + Number(count.textContent), 0));
    const before = await total();
    await createOrder(t, { customer_id: freshCustomer(), total_amount: 5 });
    await eventually(async () => ((await total()) === before + 1 ? true : undefined), 10_000, 'the counts to add up to one more order');
  }, 60_000);
});

describe('one order', () => {
  it('shows an order above the threshold in the review queue; approving it there, with a note, completes it on screen', async () => {
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
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'an order, in dark mode');
    await shoot('order-dark');
  }, 60_000);

  it('rejects an order awaiting review: it is cancelled and its timeline shows the compensations', async () => {
    const sku = await stockedSku(t, 10);
    const order = await createOrder(t, { customer_id: freshCustomer(), items: [{ sku, quantity: 1, unit_price: 400 }] });
    await untilStage(t, order.id, 'awaiting_review');
    await open(`/orders/${order.id}`);
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('heading', { name: /cancelled/ }).waitFor({ timeout: 30_000 });
    await page.getByText('Reason: review rejected', { exact: true }).waitFor();
    await page.locator('[data-event="inventory.released"]').waitFor();
    await page.locator('[data-event="payment.voided"]').waitFor();
    expect(await stockOf(t, sku)).toMatchObject({ reserved: 0 });
  }, 60_000);

  it('cancels after a confirmation, sending one request however often the button is clicked', async () => {
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
  }, 60_000);

  it('shows the 409 detail when a cancel is refused because the parcel is being handed over', async () => {
    const sku = await stockedSku(t, 10);
    const order = await createOrder(t, { customer_id: freshCustomer(), items: [{ sku, quantity: 1, unit_price: 20 }] });
    await untilStage(t, order.id, 'handing_over', 40_000);
    await open(`/orders/${order.id}`);
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Cancel the order' }).click();
    await page.getByRole('alert').filter({ hasText: 'handed to the carrier' }).waitFor();
    await page.getByRole('heading', { name: /completed/ }).waitFor({ timeout: 30_000 });
  }, 60_000);
});

describe('stock', () => {
  it('refuses on hand below what is reserved, with the API message', async () => {
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
  }, 60_000);
});

describe('a customer', () => {
  it('sees only its own orders and no operator actions', async () => {
    const me = freshCustomer();
    const other = freshCustomer();
    const sku = await stockedSku(t, 10);
    const mine = await createOrder(t, { customer_id: me, items: [{ sku, quantity: 1, unit_price: 200 }] });
    const theirs = await createOrder(t, { customer_id: other, total_amount: 5 });
    await untilStage(t, mine.id, 'awaiting_review');
    const token = await t.app.tokens.issue!({ subject: 'console-test', role: 'customer', customerId: me }, '1h');

    await open('/orders');
    await page.getByRole('button', { name: 'Use a token' }).click();
    await expectAccessible(page, 'the sign-in page');
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await row(mine.id).waitFor();
    expect(await row(theirs.id).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Stock' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Orders per status' }).count()).toBe(0);
    expect(await page.getByLabel('Customer').count()).toBe(0);

    await row(mine.id).getByRole('link').click();
    await page.getByRole('button', { name: 'Cancel order' }).waitFor();
    await page.locator('[data-stage]', { hasText: 'awaiting review' }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);

    await open(`/orders/${theirs.id}`);
    await page
      .getByRole('alert')
      .filter({ hasText: `Order ${theirs.id} does not exist.` })
      .waitFor();
  }, 60_000);
});

describe('webhooks', () => {
  it('lists endpoints and their deliveries, and passes axe', async () => {
    const created = await t.http.inject({
      method: 'POST',
      url: '/webhooks',
      payload: { url: 'http://127.0.0.1:9/unreachable', description: 'nobody listens' },
    });
    expect(created.statusCode, created.body).toBe(201);
    await open('/webhooks');
    await page.getByRole('link', { name: /unreachable/ }).click();
    await page.getByRole('table', { name: /Deliveries of endpoint/ }).waitFor();
    await expectAccessible(page, 'the webhooks page');
  }, 60_000);
});
