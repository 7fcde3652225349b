import type { Schemas } from '../../src/client/index.js';
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
