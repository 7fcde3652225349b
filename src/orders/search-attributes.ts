import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Search attributes that let an operator find orders in the Temporal UI
 * (e.g. `OrderStatus = "pending" AND CustomerId = 42`). The workflow keeps OrderStatus current.
 */
export const ORDER_STATUS = defineSearchAttributeKey('OrderStatus', 'KEYWORD');
export const CUSTOMER_ID = defineSearchAttributeKey('CustomerId', 'INT');
export const ORDER_SEARCH_ATTRIBUTES = [ORDER_STATUS, CUSTOMER_ID];
