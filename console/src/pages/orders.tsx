import { useState } from 'preact/hooks';
import { nextPageQuery, type Schemas } from '../../../src/client/index.js';
import { PageHeading, ProblemAlert, StatusBadge } from '../components.js';
import { useConsole } from '../context.js';
import { dateTime, money, words } from '../format.js';
import { usePolled } from '../poll.js';
import { href, type Location, navigate } from '../router.js';
import { isStaff } from '../session.js';

const STATUSES: Schemas['OrderStatus'][] = ['pending', 'processing', 'shipped', 'completed', 'cancelled', 'failed'];
const STAGES: Schemas['OrderProgress']['stage'][] = [
  'waiting',
  'validating',
  'screening',
  'reserving_inventory',
  'authorizing_payment',
  'awaiting_review',
  'booking_shipment',
  'capturing_payment',
  'handing_over',
  'awaiting_delivery',
  'delivery_stalled',
  'compensating',
  'done',
];
const PAGE_SIZE = 25;
const POLL_MS = 2000;

/** The list's state, all of it in the URL: filters and the page cursor. */
function filtersOf(query: URLSearchParams) {
  const status = STATUSES.find((s) => s === query.get('status'));
  const customer = /^[1-9]\d{0,15}$/.test(query.get('customer') ?? '') ? Number(query.get('customer')) : undefined;
  const after = /^\d{1,16}$/.test(query.get('after') ?? '') ? Number(query.get('after')) : undefined;
  const stage = STAGES.find((s) => s === query.get('stage'));
  return { status, customer, after, stage };
}

export function OrdersPage({ location }: { location: Location }) {
  const { api, session } = useConsole();
  const filters = filtersOf(location.query);
  const list = usePolled(
    `orders?${location.query.toString()}`,
    () =>
      api.GET('/orders', {
        params: { query: { limit: PAGE_SIZE, after: filters.after, customer_id: filters.customer, status: filters.status, stage: filters.stage } },
      }),
    POLL_MS,
  );
  const next = nextPageQuery(list.response?.headers.get('link') ?? null)?.get('after');
  const listQuery = (changes: Record<string, string | undefined>) => ({
    status: filters.status,
    customer: filters.customer?.toString(),
    stage: filters.stage,
    ...changes,
  });

  return (
    <>
      <PageHeading>Orders</PageHeading>
      {isStaff(session) && <StatusCounts active={filters.status} customer={filters.customer} />}
      <FiltersForm key={location.query.toString()} filters={filters} staff={isStaff(session)} />
      <ProblemAlert text={list.error} />
      <table class="orders">
        <caption>{filters.after ? `Orders after #${filters.after}` : 'Orders, oldest first'}</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col" class="number">
              Total
            </th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((order) => (
            <tr key={order.id} data-order-id={order.id}>
              <th scope="row">
                <a href={href(`/orders/${order.id}`)}>#{order.id}</a>
              </th>
              <td>{order.customer_id}</td>
              <td>
                <StatusBadge status={order.status} />
                {order.status_reason && <span class="reason"> {words(order.status_reason)}</span>}
              </td>
              <td class="number">{money(order.total_amount)}</td>
              <td>{dateTime(order.created_at)}</td>
              <td>{dateTime(order.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 && <p>No orders match.</p>}
      <nav class="pager" aria-label="Pages">
        {filters.after !== undefined && <a href={href('/orders', listQuery({}))}>First page</a>}
        {next && (
          <a href={href('/orders', listQuery({ after: next }))} rel="next">
            Next page
          </a>
        )}
      </nav>
    </>
  );
}

type Filters = ReturnType<typeof filtersOf>;

/**
 * The filter fields hold what the operator is typing in their own state: bound to the URL, every poll's
 * re-render would put the URL's value back and wipe half-typed input. Keyed by the URL, so Back and
 * "Clear filters" show the URL's filters again.
 */
function FiltersForm({ filters, staff }: { filters: Filters; staff: boolean }) {
  const [draft, setDraft] = useState({ status: filters.status ?? '', stage: filters.stage ?? '', customer: filters.customer?.toString() ?? '' });
  const field = (name: keyof typeof draft) => ({
    name,
    value: draft[name],
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value }),
  });
  const apply = (event: Event) => {
    event.preventDefault();
    // A new filter starts at the first page.
    navigate('/orders', { status: draft.status || undefined, stage: draft.stage || undefined, customer: draft.customer.trim() || undefined });
  };
  return (
    <form class="filters" onSubmit={apply} aria-label="Filter orders">
      <label>
        Status
        <select {...field('status')}>
          <option value="">Any</option>
          {STATUSES.map((status) => (
            <option value={status}>{words(status)}</option>
          ))}
        </select>
      </label>
      <label>
        Stage
        <select {...field('stage')}>
          <option value="">Any</option>
          {STAGES.map((stage) => (
            <option value={stage}>{words(stage)}</option>
          ))}
        </select>
      </label>
      {staff && (
        <label>
          Customer
          <input {...field('customer')} inputMode="numeric" pattern="[1-9][0-9]*" size={8} />
        </label>
      )}
      <button type="submit">Apply</button>
      {(filters.status || filters.customer || filters.stage) && <a href={href('/orders')}>Clear filters</a>}
    </form>
  );
}

function StatusCounts({ active, customer }: { active: string | undefined; customer: number | undefined }) {
  const { api } = useConsole();
  const counts = usePolled('counts', () => api.GET('/orders/counts'), POLL_MS);
  if (!counts.data) return null;
  const data = counts.data;
  return (
    <nav class="counts" aria-label="Orders per status">
      <ul>
        {STATUSES.map((status) => (
          <li>
            <a href={href('/orders', { status, customer: customer?.toString() })} aria-current={active === status ? 'page' : undefined}>
              <StatusBadge status={status} /> <span data-count={status}>{data[status]}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
