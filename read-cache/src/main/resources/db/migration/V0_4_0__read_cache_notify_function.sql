-- The read cache (read-cache module) of every instance listens on channel amhub_read_cache. Each service's own
-- migration puts a statement-level trigger calling this function on every table its cached public reads show.
-- PostgreSQL delivers the notification at commit (not at all on rollback) and folds a transaction's identical
-- notifications into one; writers need not do anything. Shared by the services, so it ships with the module (0.x, as
-- the outbox's and the audit trail's migrations; services apply shared migrations out of order).
CREATE OR REPLACE FUNCTION amhub_read_cache_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('amhub_read_cache', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
