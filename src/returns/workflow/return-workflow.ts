/**
 * ReturnWorkflow (`return-<id>`): one return of delivered goods, from request to refund.
 * approve → label → wait for the parcel (the receive Update) → restock what is resellable → refund
 * every received unit. Each step is an idempotent activity keyed by the return, so a retried step
 * labels, restocks and refunds once. Version 2 (`parcel-deadline`) ends a return whose parcel never
 * comes; version 3 (`refund-declined`, refund-attempts.ts) keeps a return whose refund the provider
 * declined open for an operator's retry; version 4 (`parcel-arrival`) hears the carrier deliver the
 * parcel to the warehouse, which ends the deadline and leaves the return `parcel_arrived` until an
 * operator inspects it. Deterministic: it imports only @temporalio/workflow, pure
 * helpers and types.
 */
import { ActivityFailure, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ReturnActivities } from '../activities.js';
import { type ParcelArrival, parcelArrivedSignal, receiveUpdate, type ReturnOutcome, type ReturnWorkflowInput } from '../messages.js';
import type { ReceivedUnits } from '../return.js';
import { DEFAULT_REFUND_RETRY_WINDOW_MS, RefundAttempts } from './refund-attempts.js';

const UNTIL_IT_WORKS = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

const steps = proxyActivities<ReturnActivities>({ startToCloseTimeout: '30 seconds', retry: UNTIL_IT_WORKS });
/** Provider calls (carrier, payments) heartbeat, so a lost worker is noticed long before the timeout. */
const providers = proxyActivities<ReturnActivities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: UNTIL_IT_WORKS });
/** RETURN_PARCEL_DEADLINE's default, for returns whose input predates the setting. */
const DEFAULT_PARCEL_DEADLINE_MS = 30 * 24 * 3600_000;

/**
 * The workflow starts just before its return commits. findReturn waits for that transaction to end
 * and then knows: the return exists, or never will (a non-retryable refusal: a return that never
 * was). A wait longer than the timeout is retried for as long as it takes: giving up after a while
 * would leave a slow commit's return without a workflow, requested for ever.
 */
const begin = proxyActivities<ReturnActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '4 seconds' },
});

export async function ReturnWorkflow(input: ReturnWorkflowInput): Promise<ReturnOutcome> {
  const { returnId } = input;
  let awaitingParcel = false;
  let received: ReceivedUnits[] | undefined;
  let recorded = false;
  let expired = false;
  let arrival: ParcelArrival | undefined;
  setHandler(parcelArrivedSignal, (report) => void (arrival ??= report));
  setHandler(
    receiveUpdate,
    async (lines) => {
      received = lines;
      // The API lets a receipt through once the label step has recorded `awaiting_parcel`, which is
      // a moment before this workflow hears that the step finished.
      await condition(() => awaitingParcel);
      await steps.receiveReturn({ returnId, lines });
      recorded = true;
    },
    {
      validator: (_lines: ReceivedUnits[]) => {
        if (received) throw new Error('The return has been received already.');
        if (expired) throw new Error('The return has expired: no parcel arrived within its deadline.');
      },
    },
  );

  try {
    await begin.findReturn({ returnId });
  } catch (error) {
    if (error instanceof ActivityFailure) return 'gone';
    throw error;
  }
  await steps.approveReturn({ returnId });
  await providers.issueReturnLabel({ returnId });
  awaitingParcel = true;
  // Asked here, so a return already waiting when version 4 came keeps waiting as it did.
  const hearsArrival = patched('parcel-arrival');
  const arrived = () => hearsArrival && arrival !== undefined;
  // Version 2 (`parcel-deadline`): a parcel that never comes no longer keeps the return, and its
  // units, open for ever. A receipt accepted (or, version 4, an arrival heard) before the timer fires still wins.
  if (patched('parcel-deadline')) {
    const deadlineMs = input.parcelDeadlineMs ?? DEFAULT_PARCEL_DEADLINE_MS;
    const came = await condition(() => received !== undefined || arrived(), deadlineMs);
    if (!came && received === undefined && !arrived()) {
      expired = true;
      await steps.expireReturn({ returnId, deadlineMs });
      return 'expired';
    }
  }
  // The inspection may take as long as it takes: the parcel, and what the customer is owed, are here.
  if (received === undefined && arrived()) await steps.recordParcelArrival({ returnId, ...arrival! });
  // The Update's handler records the receipt; the steps below read it from the database.
  await condition(() => recorded);
  await steps.restockReturn({ returnId });
  // Version 3: a declined refund no longer fails the workflow (and leaves the return received for ever).
  if (patched('refund-declined')) {
    const retryWindowMs = input.refundRetryWindowMs ?? DEFAULT_REFUND_RETRY_WINDOW_MS;
    return new RefundAttempts(returnId, retryWindowMs, { refund: providers.refundReturn, recordDecline: steps.recordRefundFailed }).run();
  }
  await providers.refundReturn({ returnId });
  return 'refunded';
}
