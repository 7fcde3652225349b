import { describe, expect, it } from 'vitest';
import { canTransition, isTerminal, ORDER_STATUSES, orderWorkflowId, statusesThatCanBecome } from '../../src/orders/order.js';

describe('order lifecycle', () => {
  it('lets a pending order be processed, or end cancelled or failed, but not complete unprocessed', () => {
    expect(canTransition('pending', 'processing')).toBe(true);
    expect(canTransition('pending', 'cancelled')).toBe(true);
    expect(canTransition('pending', 'failed')).toBe(true);
    expect(canTransition('pending', 'completed')).toBe(false);
  });

  it('lets a processing order end completed, cancelled or failed, never go back to pending', () => {
    expect(canTransition('processing', 'completed')).toBe(true);
    expect(canTransition('processing', 'cancelled')).toBe(true);
    expect(canTransition('processing', 'failed')).toBe(true);
    expect(canTransition('processing', 'pending')).toBe(false);
  });

  it('never lets a completed, cancelled or failed order change status', () => {
    for (const final of ['completed', 'cancelled', 'failed'] as const) {
      for (const to of ORDER_STATUSES) expect(canTransition(final, to)).toBe(false);
      expect(isTerminal(final)).toBe(true);
    }
    expect(isTerminal('pending')).toBe(false);
    expect(isTerminal('processing')).toBe(false);
  });

  it('knows which statuses may become completed, for the conditional UPDATE', () => {
    expect(statusesThatCanBecome('completed')).toEqual(['processing', 'shipped']);
    expect(statusesThatCanBecome('shipped')).toEqual(['processing']);
    expect(statusesThatCanBecome('pending')).toEqual([]);
  });

  it('derives the workflow id from the order id', () => {
    expect(orderWorkflowId(4711)).toBe('order-4711');
  });
});
