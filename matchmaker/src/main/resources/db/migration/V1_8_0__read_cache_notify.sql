-- Each statement that changes a table the cached public reads (GET /api/matches, /api/matches/{id}) show notifies the
-- read caches (function: read-cache module, V0_4_0). Partnerships are not shown by those reads, so their tables have
-- no trigger.
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
