import { ProblemAlert, StatusBadge } from '../components.js';
import { useConsole } from '../context.js';
import { Attempts, isFailing, nextAttempt } from '../deliveries.js';
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
      <table class="deliveries">
        <caption>Webhook deliveries</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Endpoint</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Next attempt</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((delivery) => (
            <tr key={delivery.id} class={isFailing(delivery) ? 'failing' : undefined} data-delivery={delivery.id}>
              <th scope="row">
                #{delivery.event_id} {delivery.event_type}
              </th>
              <td>
                <a href={href('/webhooks', { endpoint: String(delivery.endpoint_id) })}>
                  #{delivery.endpoint_id} {delivery.endpoint_url}
                </a>
              </td>
              <td>
                <StatusBadge status={delivery.state} />
              </td>
              <td>
                <Attempts delivery={delivery} />
              </td>
              <td>{nextAttempt(delivery)}</td>
              <td>{delivery.last_error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {deliveries.data && rows.length === 0 && <p>No webhook deliveries for this order.</p>}
      {rows.length === PAGE && <p>The first {PAGE} deliveries; the rest are on each endpoint's page.</p>}
    </>
  );
}
