import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/** What PgTyped needs to run a query: a pool, a client in a transaction, or this wrapper. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * `UPDATE orders`, `SELECT orders`: the statement and its table, a low-cardinality span name. A
 * statement that writes (also inside a WITH) is named by its first write.
 */
export function spanName(sql: string): string {
  const write = /\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"?([\w.]+)"?/i.exec(sql);
  if (write) return `${write[1]!.split(/\s/)[0]!.toUpperCase()} ${write[2]}`;
  const read = /\bFROM\s+"?([\w.]+)"?/i.exec(sql);
  if (read && /^\s*(SELECT|WITH)\b/i.test(sql)) return `SELECT ${read[1]}`;
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
}

/** Wraps a queryable so every statement becomes a client span (the SQL text, never its parameters). */
export function traceQueries(db: Queryable, tracer: Tracer): Queryable {
  return {
    query: (text, values) =>
      tracer.startActiveSpan(spanName(text), { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.statement': text } }, async (span) => {
        try {
          return await db.query(text, values);
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      }),
  };
}
