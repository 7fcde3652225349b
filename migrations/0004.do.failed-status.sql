-- An order the saga could not fulfil (payment declined, shipping impossible) ends `failed`, distinct
-- from `cancelled` (a customer, an operator or missing stock stopped it). Alone in its file because
-- a new enum value cannot be used in the transaction that adds it.
ALTER TYPE order_status ADD VALUE 'failed';
