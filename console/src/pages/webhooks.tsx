import type { Schemas } from '../../../src/client/index.js';
import { PageHeading, ProblemAlert } from '../components.js';
import { useConsole } from '../context.js';
import { DeliveriesTable, isFailing } from '../deliveries.js';
import { dateTime } from '../format.js';
import { usePolled } from '../poll.js';
import { href, type Location } from '../router.js';

const POLL_MS = 5000;
/** Deliveries read per endpoint to tell whether it is failing (the API pages them oldest first). */
const RECENT = 500;

export function WebhooksPage({ location }: { location: Location }) {
  const { api } = useConsole();
  const selected = Number(location.query.get('endpoint')) || undefined;
  const endpoints = usePolled('webhooks', () => api.GET('/webhooks', { params: { query: { limit: 100 } } }), POLL_MS);
  return (
    <>
      <PageHeading>Webhooks</PageHeading>
      <ProblemAlert text={endpoints.error} />
      <table>
        <caption>Endpoints</caption>
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Description</th>
            <th scope="col">Health</th>
            <th scope="col">Registered</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.data?.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} selected={endpoint.id === selected} />
          ))}
        </tbody>
      </table>
      {endpoints.data?.length === 0 && <p>No endpoints are registered (POST /webhooks).</p>}
      {selected && <Deliveries endpointId={selected} />}
    </>
  );
}

function EndpointRow({ endpoint, selected }: { endpoint: Schemas['WebhookEndpoint']; selected: boolean }) {
  const { api } = useConsole();
  const deliveries = usePolled(
    `webhooks/${endpoint.id}/recent`,
    () => api.GET('/webhooks/{id}/deliveries', { params: { path: { id: endpoint.id }, query: { limit: RECENT } } }),
    POLL_MS,
  );
  const failing = deliveries.data?.filter(isFailing).length ?? 0;
  return (
    <tr class={failing > 0 ? 'failing' : undefined} aria-current={selected ? 'true' : undefined}>
      <th scope="row">
        <a href={href('/webhooks', { endpoint: String(endpoint.id) })}>
          #{endpoint.id} {endpoint.url}
        </a>
      </th>
      <td>{endpoint.description ?? ''}</td>
      <td>{deliveries.data ? failing > 0 ? <strong class="failing-text">Failing: {failing} deliveries retrying</strong> : 'OK' : '…'}</td>
      <td>{dateTime(endpoint.created_at)}</td>
    </tr>
  );
}

function Deliveries({ endpointId }: { endpointId: number }) {
  const { api } = useConsole();
  const deliveries = usePolled(
    `webhooks/${endpointId}/deliveries`,
    () => api.GET('/webhooks/{id}/deliveries', { params: { path: { id: endpointId }, query: { limit: RECENT } } }),
    POLL_MS,
  );
  return (
    <>
      <ProblemAlert text={deliveries.error} />
      <DeliveriesTable
        caption={`Deliveries of endpoint #${endpointId}`}
        rows={deliveries.data ?? []}
        linkHeading="Order"
        link={(delivery) => <a href={href(`/orders/${delivery.order_id}`)}>#{delivery.order_id}</a>}
      />
    </>
  );
}
