import type { PoolClient } from '../db/pool.js';
import { DomainError, InvalidInput, OrderNotFound } from '../shared/errors.js';
import { isUnsafeText, UNSAFE_TEXT_MESSAGE } from '../shared/text.js';
import type { OrderWebhookDelivery, WebhookDelivery, WebhookEndpoint, WebhookRepository } from './repository.js';
import { generateWebhookSecret } from './signing.js';
import { webhookUrlProblem } from './targets.js';

export class WebhookNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(readonly webhookId: number) {
    super(`Webhook endpoint ${webhookId} does not exist.`);
    this.name = 'WebhookNotFound';
  }
}

/** The webhook endpoint use cases. Who may call them is the contract's business (operators, admins). */
export class WebhookService {
  constructor(
    private readonly deps: {
      repository: WebhookRepository;
      /** Loopback and private targets (allowed in development and tests; refused in production unless configured). */
      allowPrivateTargets: boolean;
      /** Whether the order exists (an order without deliveries is an empty list, a missing one a 404). */
      orderExists(id: number): Promise<boolean>;
    },
  ) {}

  /** Registers an endpoint with a new secret; the only time the secret leaves the server. */
  create(
    input: { url: string; description?: string },
    /** Runs in the insert's transaction with the endpoint (without its secret). */
    beforeCommit?: (endpoint: WebhookEndpoint, tx: PoolClient) => Promise<void>,
  ): Promise<WebhookEndpoint & { secret: string }> {
    const problem = webhookUrlProblem(input.url, { allowPrivateTargets: this.deps.allowPrivateTargets });
    if (problem) throw new InvalidInput(problem, '/url');
    const description = input.description;
    if (description !== undefined && isUnsafeText(description)) throw new InvalidInput(UNSAFE_TEXT_MESSAGE, '/description');
    return this.deps.repository.insertEndpoint({ url: input.url, secret: generateWebhookSecret(), description: description ?? null }, beforeCommit);
  }

  async get(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.deps.repository.findEndpoint(id);
    if (!endpoint) throw new WebhookNotFound(id);
    return endpoint;
  }

  list(page: { after: number; limit: number }): Promise<WebhookEndpoint[]> {
    return this.deps.repository.listEndpoints(page);
  }

  /** Stops all future deliveries to the endpoint (pending ones are cancelled). */
  async delete(id: number): Promise<void> {
    if (!(await this.deps.repository.deleteEndpoint(id))) throw new WebhookNotFound(id);
  }

  /**
   * Re-enables an endpoint disabled for failing too long: its failing run starts afresh and what
   * was pending when it was disabled is retried now. Events written while it was disabled are not
   * delivered to it. Enabling an active endpoint changes nothing.
   */
  async enable(id: number, actor: string): Promise<WebhookEndpoint> {
    const endpoint = await this.get(id);
    if (endpoint.disabledAt === null) return endpoint;
    await this.deps.repository.enableEndpoint(id, actor);
    return this.get(id);
  }

  async deliveries(id: number, page: { after: number; limit: number }): Promise<WebhookDelivery[]> {
    await this.get(id);
    return this.deps.repository.listDeliveries(id, page);
  }

  /** The order's deliveries to every endpoint not deleted. */
  async orderDeliveries(orderId: number, page: { after: number; limit: number }): Promise<OrderWebhookDelivery[]> {
    const deliveries = await this.deps.repository.listOrderDeliveries(orderId, page);
    if (deliveries.length === 0 && !(await this.deps.orderExists(orderId))) throw new OrderNotFound(orderId);
    return deliveries;
  }
}
