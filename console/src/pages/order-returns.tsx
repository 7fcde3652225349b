import { ProblemAlert } from '../components.js';
import { useConsole } from '../context.js';
import { usePolled } from '../poll.js';
import { ReturnsTable } from '../returns.js';

const POLL_MS = 3000;

/** The order's returns (its customer sees them too; only staff may retry a declined refund). */
export function OrderReturns({ orderId }: { orderId: number }) {
  const { api } = useConsole();
  const returns = usePolled(`order/${orderId}/returns`, () => api.GET('/orders/{id}/returns', { params: { path: { id: orderId } } }), POLL_MS);
  if (!returns.error && (returns.data?.length ?? 0) === 0) return null;
  return (
    <>
      <ProblemAlert text={returns.error} />
      <ReturnsTable caption="Returns" rows={returns.data ?? []} showOrder={false} onChanged={returns.refresh} />
    </>
  );
}
