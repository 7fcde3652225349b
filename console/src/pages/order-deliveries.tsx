import { ProblemAlert } from '../components.js';
import { useConsole } from '../context.js';
import { DeliveriesTable } from '../deliveries.js';
import { usePolled } from '../poll.js';
import { href } from '../router.js';

const POLL_MS = 3000;
/** One page (the API's largest): an order has a few dozen events per endpoint. */
const PAGE = 500;

/** The order's webhook deliveries to every endpoint (staff only: customers are refused by the API). */
export function OrderDeliveries({ orderId }: { orderId: number }) {
  const { api } = useConsole();
  const deliveries = usePolled(
    `order/${orderId}/webhook-deliveries`,
    () => api.GET('/orders/{id}/webhook-deliveries', { params: { path: { id: orderId }, query: { limit: PAGE } } }),
    POLL_MS,
  );
  const rows = deliveries.data ?? [];
  return (
    <>
      <ProblemAlert text={deliveries.error} />
      <DeliveriesTable
        caption="Webhook deliveries"
        rows={rows}
        linkHeading="Endpoint"
        link={(delivery) => (
          <a href={href('/webhooks', { endpoint: String(delivery.endpoint_id) })}>
            #{delivery.endpoint_id} {delivery.endpoint_url}
          </a>
        )}
      />
      {deliveries.data && rows.length === 0 && <p>No webhook deliveries for this order.</p>}
      {rows.length === PAGE && <p>The first {PAGE} deliveries; the rest are on each endpoint's page.</p>}
    </>
  );
}
