import { useRef, useState } from 'preact/hooks';
import { newIdempotencyKey, type Return } from '../../src/client/index.js';
import { problemText } from './api.js';
import { ProblemAlert, StatusBadge } from './components.js';
import { useConsole } from './context.js';
import { dateTime, money } from './format.js';
import { href } from './router.js';
import { isStaff } from './session.js';

/**
 * Returns, one row each: status, units, refund; for staff, a declined refund (`refund_failed`) can
 * be retried from here. Used by an order's page and by the refunds owed across orders.
 */
export function ReturnsTable(props: { caption: string; rows: Return[]; showOrder: boolean; onChanged(): Promise<void> }) {
  const { session } = useConsole();
  // Kept here, not in the row: a refunded return leaves a list of refunds owed, and its row with it.
  const [outcome, setOutcome] = useState<RetryOutcome>();
  return (
    <>
      <ProblemAlert text={outcome?.refused} />
      {outcome?.status && (
        <p class="notice" role="status">
          Return #{outcome.returnId} retried: {outcome.status === 'refunded' ? 'refunded.' : 'declined again.'}
        </p>
      )}
      <table class="returns">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Return</th>
            {props.showOrder && <th scope="col">Order</th>}
            <th scope="col">Status</th>
            <th scope="col">Units</th>
            <th scope="col" class="number">
              Refund
            </th>
            <th scope="col">Updated</th>
            {isStaff(session) && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((ret) => (
            <tr key={ret.id} data-return-id={ret.id}>
              <th scope="row">#{ret.id}</th>
              {props.showOrder && (
                <td>
                  <a href={href(`/orders/${ret.order_id}`)}>#{ret.order_id}</a>
                </td>
              )}
              <td>
                <StatusBadge status={ret.status} />
              </td>
              <td>{ret.items.map((item) => `${item.quantity} × ${item.sku}`).join(', ')}</td>
              <td class="number">{money(ret.refund_amount)}</td>
              <td>{dateTime(ret.updated_at)}</td>
              {isStaff(session) && <td>{ret.status === 'refund_failed' && <RetryRefund ret={ret} onOutcome={setOutcome} onDone={props.onChanged} />}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface RetryOutcome {
  returnId: number;
  refused?: string;
  status?: string;
}

/** One request per retry, whatever the clicks; the provider's answer (refunded, or declined again) goes to `onOutcome`. */
function RetryRefund({ ret, onOutcome, onDone }: { ret: Return; onOutcome(outcome: RetryOutcome | undefined): void; onDone(): Promise<void> }) {
  const { api, unauthorized } = useConsole();
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    onOutcome(undefined);
    try {
      const { data, error, response } = await api.POST('/orders/{id}/returns/{returnId}/retry-refund', {
        params: { path: { id: ret.order_id, returnId: ret.id }, header: { 'Idempotency-Key': newIdempotencyKey() } },
      });
      if (response.status === 401) return unauthorized();
      onOutcome(error !== undefined ? { returnId: ret.id, refused: problemText(error, response) } : { returnId: ret.id, status: data?.status });
      await onDone();
    } catch (error) {
      onOutcome({ returnId: ret.id, refused: problemText(error) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return (
    <button type="button" disabled={busy} onClick={() => void retry()} aria-label={`Retry refund of return #${ret.id}`}>
      Retry refund
    </button>
  );
}
