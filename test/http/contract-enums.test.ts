import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ORDER_STATUSES } from '../../src/orders/order.js';
import { RETURN_STATUSES } from '../../src/returns/return.js';

interface Schema {
  enum?: string[];
  properties?: Record<string, Schema>;
}
const schemas = (parse(readFileSync('api/openapi.yaml', 'utf8')) as { components: { schemas: Record<string, Schema> } }).components.schemas;

// A client generated from the contract switches over these values: one the code never produces is
// dead code there, one the contract does not list breaks it.
describe('the contract lists exactly the statuses the code produces', () => {
  it('order statuses', () => {
    expect([...schemas.OrderStatus!.enum!].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it('return statuses', () => {
    expect([...schemas.ReturnStatus!.enum!].sort()).toEqual([...RETURN_STATUSES].sort());
  });
});
