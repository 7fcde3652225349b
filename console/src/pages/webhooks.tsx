import type { Schemas } from '../../../src/client/index.js';
import { PageHeading, ProblemAlert } from '../components.js';
import { useConsole } from '../context.js';
import { DeliveriesTable, isFailing } from '../deliveries.js';
import { dateTime } from '../format.js';
import { usePolled } from '../poll.js';
import { href, type Location } from '../router.js';

const POLL_MS = 5000;
/** Deliveries shown per endpoint, the newest (the API pages them oldest first: the pages are walked to the end). */
const RECENT = 500;
/** At most this many pages are walked per poll; past them the newest read so far are shown. */
const MAX_PAGES = 20;

type Delivery = Schemas['WebhookDelivery'];

/** The newest RECENT deliveries of the endpoint: the API lists oldest first, so its pages are followed to the last. */
async function newestDeliveries(api: ReturnType<typeof useConsole>['api'], id: number) {
  let newest: Delivery[] = [];
  let after = 0;
  for (let page = 1; ; page++) {
    const result = await api.GET('/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: RECENT, after } } });
    if (!result.data) return result;
    newest = [...newest, ...result.data].slice(-RECENT);
    if (result.data.length < RECENT || page >= MAX_PAGES) return { ...result, data: newest };
    after = result.data[result.data.length - 1]!.id;
  }
}

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
  const deliveries = usePolled(`webhooks/${endpoint.id}/recent`, () => newestDeliveries(api, endpoint.id), POLL_MS);
  const failing = deliveries.data?.filter(isFailing).length ?? 0;
  const disabled = endpoint.status === 'disabled';
  return (
    <tr class={failing > 0 || disabled ? 'failing' : undefined} aria-current={selected ? 'true' : undefined}>
      <th scope="row">
        <a href={href('/webhooks', { endpoint: String(endpoint.id) })}>
          #{endpoint.id} {endpoint.url}
        </a>
      </th>
      <td>{endpoint.description ?? ''}</td>
      <td>
        <Health endpoint={endpoint} failing={failing} loaded={deliveries.data !== undefined} />
      </td>
      <td>{dateTime(endpoint.created_at)}</td>
    </tr>
  );
}

/** A disabled endpoint receives nothing (its deliveries wait): that, not its deliveries, is its health. */
function Health({ endpoint, failing, loaded }: { endpoint: Schemas['WebhookEndpoint']; failing: number; loaded: boolean }) {
  if (endpoint.status === 'disabled') {
    return (
      <strong class="failing-text">
        Disabled {dateTime(endpoint.disabled_at ?? undefined)}
        {endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}
      </strong>
    );
  }
  if (!loaded) return <>…</>;
  return failing > 0 ? <strong class="failing-text">Failing: {failing} deliveries retrying</strong> : <>OK</>;
}

function Deliveries({ endpointId }: { endpointId: number }) {
  const { api } = useConsole();
  const deliveries = usePolled(`webhooks/${endpointId}/deliveries`, () => newestDeliveries(api, endpointId), POLL_MS);
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
