/** A real HTTP receiver on 127.0.0.1 (an ephemeral port) that records every request it gets. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what a signature covers). */
  body: string;
  /** The status this receiver answered. */
  status: number;
  json: { id: number; type: string; order_id: number; source: string; details: Record<string, unknown>; created_at: string };
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests about one order, in arrival order. */
  forOrder(orderId: number): Received[];
  close(): Promise<void>;
}

/** `answer` decides each status (default 200) from the request and how many came before it. */
export async function startReceiver(answer: (request: { body: string; count: number }) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = answer({ body, count: received.length });
      received.push({ headers: request.headers, body, status, json: JSON.parse(body) as Received['json'] });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    forOrder: (orderId) => received.filter((r) => r.json.order_id === orderId),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
