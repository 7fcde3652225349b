/**
 * The API under load, endpoint by endpoint, at the ceilings' concurrency levels. No worker polls
 * the API's task queue here, so POST /orders is measured alone (insert + start + commit) and is
 * comparable with its ceilings; the workflows' own cost is the end-to-end scenario's subject.
 */
import { interleaved, series, withCpu } from '../lib/series.js';
import type { RunningApi } from '../lib/services.js';
import type { Infrastructure } from '../lib/stack.js';
import type { RunResult } from '../lib/stats.js';
import { temporalStartLoop } from '../lib/temporal-start.js';
import { CREATE_ORDER_BODY } from '../settings.js';

export interface EndpointResults {
  createOrder: RunResult[];
  /** Orders in flight (pending; no worker runs here): their progress comes from PostgreSQL too. */
  getOrderInFlight: RunResult[];
  getOrder: RunResult[];
  listOrders: RunResult[];
}

export async function measureEndpoints(infra: Infrastructure, api: RunningApi): Promise<EndpointResults & { temporalStart: RunResult[] }> {
  const pids = { API: api.child.pid, Temporal: infra.temporalPid, PostgreSQL: infra.postgresPid };

  // POST /orders is bound by the Temporal dev server, whose disk-bound speed drifts: its ceiling
  // is measured right before it at each level, against the same server.
  const temporal = await temporalStartLoop(infra.temporalAddress);
  const create = await interleaved({
    'Temporal workflow.start': temporal.measure,
    'POST /orders': withCpu(pids, (connections, seconds) => api.load({ method: 'POST', path: '/orders', body: CREATE_ORDER_BODY, connections, seconds })),
  }).finally(() => temporal.close());

  // Read back the orders just created, at random, so reads are not all served from one hot row:
  // first in flight (no worker polls this queue, so they wait; a read never asks Temporal), then
  // marked finished.
  const { rows } = await infra.db.query<{ id: string }>('SELECT id FROM orders');
  const ids = rows.map((row) => row.id);
  const randomOrder = () => `/orders/${ids[Math.floor(Math.random() * ids.length)]}`;
  const getOrderInFlight = await series(
    'GET /orders/{id} (in flight)',
    withCpu(pids, (connections, seconds) => api.load({ nextPath: randomOrder, connections, seconds })),
  );
  await infra.db.query(`UPDATE orders SET status = 'completed', stage = 'done', cancellable = false`);
  const getOrder = await series(
    'GET /orders/{id}',
    withCpu(pids, (connections, seconds) => api.load({ nextPath: randomOrder, connections, seconds })),
  );
  const listOrders = await series(
    'GET /orders?limit=50',
    withCpu(pids, (connections, seconds) => api.load({ path: '/orders?limit=50', connections, seconds })),
  );
  return {
    temporalStart: create['Temporal workflow.start']!,
    createOrder: create['POST /orders']!,
    getOrderInFlight,
    getOrder,
    listOrders,
  };
}
