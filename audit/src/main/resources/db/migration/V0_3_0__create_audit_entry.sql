-- Audit trail (org.amhub.audit): one row per write, inserted in the write's own transaction. Shared by every service
-- that depends on the audit module, like the outbox's 0.x migrations; services run Flyway with out-of-order=true, so a
-- database that already holds 1.x versions still gets it.
CREATE TABLE audit_entry (
    id           BIGSERIAL PRIMARY KEY,
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor        TEXT        NOT NULL,
    actor_sub    TEXT,
    action       TEXT        NOT NULL,
    hub          TEXT,
    resource_id  TEXT,
    changes      JSONB       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entry_hub_idx ON audit_entry (hub, id DESC);
