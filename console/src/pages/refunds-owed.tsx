import { PageHeading, ProblemAlert } from '../components.js';
import { useConsole } from '../context.js';
import { usePolled } from '../poll.js';
import { ReturnsTable } from '../returns.js';

const POLL_MS = 3000;
/** The API's largest page: declined refunds are few, and each one is a task. */
const PAGE = 500;

/** Returns whose refund the payment provider declined, across orders: each still owes its customer. */
export function RefundsOwedPage() {
  const { api } = useConsole();
  const owed = usePolled('refunds-owed', () => api.GET('/returns', { params: { query: { status: 'refund_failed', limit: PAGE } } }), POLL_MS);
  const rows = owed.data ?? [];
  return (
    <>
      <PageHeading>Refunds owed</PageHeading>
      <ProblemAlert text={owed.error} />
      <ReturnsTable caption="Returns whose refund was declined, oldest first" rows={rows} showOrder onChanged={owed.refresh} />
      {owed.data && rows.length === 0 && <p>No refund is owed: every declined refund has been retried successfully.</p>}
      {rows.length === PAGE && <p>The first {PAGE}; retry these to see the rest.</p>}
    </>
  );
}
