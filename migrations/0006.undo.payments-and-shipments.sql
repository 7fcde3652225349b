DROP TABLE shipments;
DROP VIEW order_payment_totals;
DROP TABLE payment_refunds;
DROP TABLE payment_captures;
DROP TABLE payment_authorizations;
