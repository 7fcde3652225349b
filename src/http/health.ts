import type { FastifyReply } from 'fastify';
import type { components } from './api-types.js';

type Health = components['schemas']['Health'];
export type ReadinessCheck = () => Promise<boolean>;

/** Liveness says the process is up; readiness asks each dependency, concurrently. */
export function createHealthHandlers(checks: Record<string, ReadinessCheck>) {
  return {
    async getHealth(): Promise<Health> {
      return { status: 'ok' };
    },

    async getReadiness(_request: unknown, reply: FastifyReply): Promise<Health> {
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((name) => checks[name]!().catch(() => false)));
      const entries = names.map((name, i) => [name, results[i] ? 'ok' : 'unavailable'] as const);
      const ready = results.every(Boolean);
      reply.code(ready ? 200 : 503);
      return { status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(entries) };
    },
  };
}
