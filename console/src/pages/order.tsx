import { useRef, useState } from 'preact/hooks';
import { newIdempotencyKey, type Order, type OrderEvent } from '../../../src/client/index.js';
import { problemText } from '../api.js';
import { ConfirmDialog, PageHeading, ProblemAlert, StatusBadge } from '../components.js';
import { useConsole } from '../context.js';
import { dateTime, money, timeLeft, words } from '../format.js';
import { actorOf, factsOf, SAGA_STEPS, summaryOf } from '../order-facts.js';
import { usePolled } from '../poll.js';
import { isStaff } from '../session.js';
import { OrderDeliveries } from './order-deliveries.js';
import { OrderReturns } from './order-returns.js';

const POLL_MS = 1500;
const FINISHED = new Set(['completed', 'cancelled', 'failed']);
const STEP_STATE_TEXT = { done: 'done', undone: 'compensated', open: 'not yet', skipped: 'skipped' } as const;

export function OrderPage({ id }: { id: number }) {
  const { api, session } = useConsole();
  const order = usePolled(`order/${id}`, () => api.GET('/orders/{id}', { params: { path: { id } } }), POLL_MS);
  const events = usePolled(`order/${id}/events`, () => api.GET('/orders/{id}/events', { params: { path: { id }, query: { limit: 500 } } }), POLL_MS);
  const refresh = async () => void (await Promise.all([order.refresh(), events.refresh()]));

  if (!order.data) {
    return (
      <>
        <PageHeading>Order #{id}</PageHeading>
        <ProblemAlert text={order.error} />
        {!order.error && <p>Loading…</p>}
      </>
    );
  }
  const current = order.data;
  const timeline = events.data ?? [];
  return (
    <>
      <PageHeading>
        Order #{current.id} <StatusBadge status={current.status} />
      </PageHeading>
      {current.status_reason && <p class="reason">Reason: {words(current.status_reason)}</p>}
      <ProblemAlert text={order.error} />
      <Actions order={current} etag={order.response?.headers.get('etag') ?? undefined} onDone={refresh} />
      <div class="panels">
        <Summary order={current} events={timeline} />
        <Progress order={current} events={timeline} />
      </div>
      <Items order={current} />
      {current.delivered_at && <OrderReturns orderId={current.id} />}
      <Timeline events={timeline} error={events.error} />
      {isStaff(session) && <OrderDeliveries orderId={current.id} />}
    </>
  );
}

function Summary({ order, events }: { order: Order; events: OrderEvent[] }) {
  const { settings } = useConsole();
  const facts = factsOf(events);
  const workflowUrl = settings.temporalUiUrl && `${settings.temporalUiUrl}/namespaces/${encodeURIComponent(settings.namespace)}/workflows/order-${order.id}`;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Summary</h2>
      <dl>
        <dt>Customer</dt>
        <dd>{order.customer_id}</dd>
        <dt>Total</dt>
        <dd>{money(order.total_amount)}</dd>
        <dt>Authorized</dt>
        <dd data-amount="authorized">
          {money(facts.authorized)}
          {facts.voided ? ' (voided)' : ''}
        </dd>
        <dt>Captured</dt>
        <dd data-amount="captured">{money(facts.captured)}</dd>
        <dt>Refunded</dt>
        <dd data-amount="refunded">{money(order.refunded_amount)}</dd>
        <dt>Payment method</dt>
        <dd>{order.payment_method}</dd>
        <dt>Shipment</dt>
        <dd data-shipment>{facts.shipment ? `${facts.shipment.carrier} ${facts.shipment.trackingNumber} (${facts.shipment.state})` : '—'}</dd>
        <dt>Created</dt>
        <dd>{dateTime(order.created_at)}</dd>
        <dt>Updated</dt>
        <dd>{dateTime(order.updated_at)}</dd>
      </dl>
      {workflowUrl && (
        <p>
          <a href={workflowUrl} target="_blank" rel="noreferrer">
            Workflow order-{order.id} in the Temporal UI
          </a>
        </p>
      )}
    </section>
  );
}

function Progress({ order, events }: { order: Order; events: OrderEvent[] }) {
  const types = new Set(events.map((event) => event.type));
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">Progress</h2>
      {order.progress && (
        <p>
          Stage: <strong data-stage>{words(order.progress.stage)}</strong>
          {order.progress.review_deadline && ` (review deadline ${dateTime(order.progress.review_deadline)}, ${timeLeft(order.progress.review_deadline)})`}
        </p>
      )}
      <ol class="steps">
        {SAGA_STEPS.map((step) => {
          const done = step.doneBy.some((type) => types.has(type));
          const undone = step.undoneBy?.some((type) => types.has(type)) ?? false;
          // A finished order never takes the steps it did not take (no items: no stock or parcel; below the threshold: no review).
          const state = undone ? 'undone' : done ? 'done' : FINISHED.has(order.status) ? 'skipped' : 'open';
          return (
            <li class={`step step-${state}`}>
              {step.label}: <span>{STEP_STATE_TEXT[state]}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Items({ order }: { order: Order }) {
  if (order.items.length === 0) return null;
  return (
    <table>
      <caption>Items</caption>
      <thead>
        <tr>
          <th scope="col">SKU</th>
          <th scope="col" class="number">
            Quantity
          </th>
          <th scope="col" class="number">
            Unit price
          </th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((item) => (
          <tr>
            <th scope="row">{item.sku}</th>
            <td class="number">{item.quantity}</td>
            <td class="number">{money(item.unit_price)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Timeline({ events, error }: { events: OrderEvent[]; error: string | undefined }) {
  return (
    <>
      <ProblemAlert text={error} />
      <table class="timeline">
        <caption>Timeline</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">By</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-event={event.type}>
              <td>{dateTime(event.created_at)}</td>
              <th scope="row">{event.type}</th>
              <td>{actorOf(event)}</td>
              <td>{summaryOf(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Cancel (confirmed first), approve or reject with a note: each one request, whatever the clicks. */
function Actions({ order, etag, onDone }: { order: Order; etag: string | undefined; onDone(): Promise<void> }) {
  const { api, session, unauthorized } = useConsole();
  const [busy, setBusy] = useState(false);
  // Set synchronously, so a second click before the re-render cannot send a second request.
  const inFlight = useRef(false);
  const [refusal, setRefusal] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const [note, setNote] = useState('');
  if (FINISHED.has(order.status)) return null;

  const run = async (what: string, call: () => Promise<{ error?: unknown; response: Response }>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setRefusal(undefined);
    setNotice(undefined);
    try {
      const { error, response } = await call();
      if (response.status === 401) return unauthorized();
      if (error !== undefined) setRefusal(problemText(error, response));
      else setNotice(response.status === 202 ? `${what}: accepted, the compensations are still running.` : `${what}: done.`);
      await onDone();
    } catch (error) {
      setRefusal(problemText(error));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  const cancel = () => {
    const key = confirming!;
    setConfirming(undefined);
    void run('Cancel', () =>
      api.POST('/orders/{id}/cancel', { params: { path: { id: order.id }, header: { 'Idempotency-Key': key, ...(etag ? { 'If-Match': etag } : {}) } } }),
    );
  };
  const decide = (decision: 'approve' | 'reject') => {
    const body = note.trim() ? { note: note.trim() } : undefined;
    const params = { path: { id: order.id }, header: { 'Idempotency-Key': newIdempotencyKey() } };
    void run(decision === 'approve' ? 'Approve' : 'Reject', () =>
      decision === 'approve' ? api.POST('/orders/{id}/approve', { params, body }) : api.POST('/orders/{id}/reject', { params, body }),
    ).then(() => setNote(''));
  };
  const awaitingReview = order.progress?.stage === 'awaiting_review';

  return (
    <section class="order-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {isStaff(session) && awaitingReview && (
        <div class="review">
          <label>
            Note for the timeline (optional)
            <textarea name="note" maxLength={500} rows={2} value={note} onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="button" disabled={busy} onClick={() => decide('approve')}>
            Approve
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => decide('reject')}>
            Reject
          </button>
        </div>
      )}
      <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(newIdempotencyKey())}>
        Cancel order
      </button>
      {order.progress?.cancellable === false && <p class="hint">The parcel is being handed to the carrier: a cancel will most likely be refused.</p>}
      <ProblemAlert text={refusal} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        title={`Cancel order #${order.id}?`}
        confirm="Cancel the order"
        onConfirm={cancel}
        onClose={() => setConfirming(undefined)}
      >
        <p>Reserved stock is released and the payment voided or refunded. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
