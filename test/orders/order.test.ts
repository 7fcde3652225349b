import { describe, expect, it } from 'vitest';
import { canTransition, isTerminal, ORDER_STATUSES, orderWorkflowId, statusesThatCanBecome } from '../../src/orders/order.js';

describe('order lifecycle', () => {
  it('lets a pending order be processed, completed or cancelled', () => {
    expect(canTransition('pending', 'processing')).toBe(true);
    expect(canTransition('pending', 'completed')).toBe(true);
    expect(canTransition('pending', 'cancelled')).toBe(true);
  });

  it('lets a processing order be completed or cancelled, never go back to pending', () => {
    expect(canTransition('processing', 'completed')).toBe(true);
    expect(canTransition('processing', 'cancelled')).toBe(true);
    expect(canTransition('processing', 'pending')).toBe(false);
  });

  it('never lets a completed or cancelled order change status', () => {
    for (const to of ORDER_STATUSES) {
      expect(canTransition('completed', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
    expect(isTerminal('completed')).toBe(true);
    expect(isTerminal('cancelled')).toBe(true);
    expect(isTerminal('pending')).toBe(false);
  });

  it('knows which statuses may become completed, for the conditional UPDATE', () => {
    expect(statusesThatCanBecome('completed').sort()).toEqual(['pending', 'processing']);
    expect(statusesThatCanBecome('pending')).toEqual([]);
  });

  it('derives the workflow id from the order id', () => {
    expect(orderWorkflowId(4711)).toBe('order-4711');
  });
});
