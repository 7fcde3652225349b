/* @name InsertReturnLabel */
-- One statement: racing issues with one key insert one row, and the losers read it.
INSERT INTO return_labels (idempotency_key, order_id, carrier, parcels)
VALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!::jsonb)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id, order_id, carrier, tracking_number;

/* @name FindReturnLabelByKey */
SELECT id, order_id, carrier, tracking_number
FROM return_labels
WHERE idempotency_key = :idempotencyKey!;

/*
  @name ScheduleReturnParcelEvents
  @param events -> ((returnLabelId!, kind!, dueAt!)...)
*/
-- The local carrier's plan for a customer's return parcel, written once when its label is issued.
INSERT INTO local_carrier_events (return_label_id, kind, due_at)
VALUES :events
ON CONFLICT (return_label_id, kind) DO NOTHING;
