import type { ComponentChildren } from 'preact';
import type { Schemas } from '../../src/client/index.js';
import { StatusBadge } from './components.js';
import { dateTime } from './format.js';

type Delivery = Schemas['WebhookDelivery'] | Schemas['OrderWebhookDelivery'];

/** Still pending after an attempt failed: the receiver is refusing or unreachable. */
export const isFailing = (delivery: Delivery): boolean => delivery.state === 'pending' && delivery.last_error !== null;

/** The number of attempts, opening to the latest ones with what the receiver answered. */
export function Attempts({ delivery }: { delivery: Delivery }) {
  return (
    <details>
      <summary>{delivery.attempt_count}</summary>
      <ul>
        {delivery.attempts.map((attempt) => (
          <li>
            {dateTime(attempt.attempted_at)}: {attempt.status_code ?? 'no answer'} in {attempt.duration_ms} ms
            {attempt.error ? `, ${attempt.error}` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}

export const nextAttempt = (delivery: Delivery): string => (delivery.state === 'pending' ? dateTime(delivery.next_attempt_at ?? undefined) : '—');

/**
 * Deliveries as a table, failing ones highlighted. One column differs by page: the order's page links
 * each delivery's endpoint, the endpoint's page each delivery's order.
 */
export function DeliveriesTable<D extends Delivery>(props: { caption: string; rows: D[]; linkHeading: string; link: (delivery: D) => ComponentChildren }) {
  return (
    <table class="deliveries">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">{props.linkHeading}</th>
          <th scope="col">State</th>
          <th scope="col">Attempts</th>
          <th scope="col">Next attempt</th>
          <th scope="col">Last error</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((delivery) => (
          <tr key={delivery.id} class={isFailing(delivery) ? 'failing' : undefined} data-delivery={delivery.id}>
            <th scope="row">
              #{delivery.event_id} {delivery.event_type}
            </th>
            <td>{props.link(delivery)}</td>
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
  );
}
