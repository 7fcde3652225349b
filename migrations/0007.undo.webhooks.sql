DROP TRIGGER order_events_webhook_fan_out ON order_events;
DROP FUNCTION webhook_fan_out();
DROP TABLE webhook_delivery_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
