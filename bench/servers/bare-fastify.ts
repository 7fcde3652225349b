/**
 * The HTTP ceiling: the same Fastify version as the API, one JSON route shaped like POST /orders,
 * nothing else (no logging, validation, database or Temporal). Whatever the API does below this
 * rate is the cost of its own work, not of the framework or the loopback network.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
let nextId = 1;
app.post('/orders', async (request, reply) => {
  const body = request.body as { customer_id: number; total_amount: number };
  const now = new Date().toISOString();
  return reply
    .code(201)
    .send({ id: nextId++, customer_id: body.customer_id, status: 'pending', total_amount: body.total_amount, created_at: now, updated_at: now });
});
app.get('/healthz', async () => ({ status: 'ok' }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
