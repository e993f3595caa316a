-- The read cache (read-cache module) of every instance listens on channel amhub_read_cache: each statement that changes
-- a table the cached public reads (GET /api/matches, /api/matches/{id}) show notifies it. PostgreSQL delivers the
-- notification at commit (not at all on rollback) and folds a transaction's identical notifications into one; writers
-- need not do anything. Partnerships are not shown by those reads, so their tables have no trigger.
CREATE OR REPLACE FUNCTION amhub_read_cache_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('amhub_read_cache', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER match_suggestion_read_cache_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON match_suggestion
    FOR EACH STATEMENT EXECUTE FUNCTION amhub_read_cache_notify();

CREATE TRIGGER match_feedback_read_cache_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON match_feedback
    FOR EACH STATEMENT EXECUTE FUNCTION amhub_read_cache_notify();

-- hub names and slugs in the answers come from the view built from these snapshots
CREATE TRIGGER hub_snapshot_read_cache_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hub_snapshot
    FOR EACH STATEMENT EXECUTE FUNCTION amhub_read_cache_notify();
