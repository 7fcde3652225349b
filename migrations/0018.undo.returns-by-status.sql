DROP INDEX returns_status_id;
