-- Each statement that changes the hubs notifies the read caches (function: read-cache module, V0_4_0).
CREATE TRIGGER hub_read_cache_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hub
    FOR EACH STATEMENT EXECUTE FUNCTION amhub_read_cache_notify();
