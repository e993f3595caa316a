-- Audit trail (org.amhub.audit): one row per write, inserted in the write's own transaction.
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
