import { PageHeading, ProblemAlert } from '../components.js';
import { useConsole } from '../context.js';
import { dateTime, money, timeLeft } from '../format.js';
import { usePolled } from '../poll.js';
import { href } from '../router.js';

/** Orders awaiting an operator's decision, the oldest (nearest deadline) first. */
export function ReviewPage() {
  const { api } = useConsole();
  const queue = usePolled('review-queue', () => api.GET('/orders/review-queue', { params: { query: { limit: 100 } } }), 3000);
  return (
    <>
      <PageHeading>Review queue</PageHeading>
      <ProblemAlert text={queue.error} />
      <table class="review-queue">
        <caption>Orders awaiting review, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Customer</th>
            <th scope="col" class="number">
              Total
            </th>
            <th scope="col">Created</th>
            <th scope="col">Deadline</th>
            <th scope="col">Time left</th>
          </tr>
        </thead>
        <tbody>
          {queue.data?.map((order) => (
            <tr key={order.id} data-order-id={order.id}>
              <th scope="row">
                <a href={href(`/orders/${order.id}`)}>#{order.id}</a>
              </th>
              <td>{order.customer_id}</td>
              <td class="number">{money(order.total_amount)}</td>
              <td>{dateTime(order.created_at)}</td>
              <td>{dateTime(order.progress?.review_deadline)}</td>
              <td>{order.progress?.review_deadline ? timeLeft(order.progress.review_deadline) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {queue.data?.length === 0 && <p>Nothing awaits review.</p>}
    </>
  );
}
