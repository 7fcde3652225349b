import { createHash } from 'node:crypto';
import pg from 'pg';

/** Names remembered per connection; a text beyond this many is hashed on each call instead. */
const REMEMBERED_NAMES = 1000;

/**
 * A pooled connection that sends every parameterised statement (all of PgTyped's, which always pass
 * a values array) as a named prepared statement: PostgreSQL parses and plans each text once per
 * connection instead of on every call, and after that the driver sends only Bind and Execute. The
 * name is derived from the text, so one text has one name on every connection, as the driver
 * requires of a name it has prepared. Statements without values (BEGIN, COMMIT) go as they are.
 */
export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();

  // pg's query() has a dozen overloads; only (text, values[, callback]) changes here (the pool's
  // own query() calls it with a callback).
  override query(...args: unknown[]): never {
    const [text, values, ...callback] = args;
    const query = super.query as (...args: unknown[]) => never;
    if (typeof text === 'string' && Array.isArray(values)) return query.call(this, { name: this.nameOf(text), text, values }, ...callback);
    return query.apply(this, args);
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      name = `s_${createHash('sha1').update(text).digest('base64url')}`;
      if (this.names.size < REMEMBERED_NAMES) this.names.set(text, name);
    }
    return name;
  }
}
