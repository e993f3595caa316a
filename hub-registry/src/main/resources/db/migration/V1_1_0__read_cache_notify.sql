-- The read cache (read-cache module) of every instance listens on channel amhub_read_cache: each statement that changes
-- the tables the cached public reads show notifies it. PostgreSQL delivers the notification at commit (not at all on
-- rollback) and folds a transaction's identical notifications into one; writers need not do anything.
CREATE OR REPLACE FUNCTION amhub_read_cache_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('amhub_read_cache', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER hub_read_cache_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hub
    FOR EACH STATEMENT EXECUTE FUNCTION amhub_read_cache_notify();
