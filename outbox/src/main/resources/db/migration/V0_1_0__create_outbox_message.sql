-- Shipped by the outbox module: every service that publishes events gets this table from its own Flyway run.
CREATE TABLE outbox_message (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    payload      TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    last_error   TEXT
);

-- The relay only ever reads unpublished rows, oldest first.
CREATE INDEX outbox_message_pending_idx ON outbox_message (id) WHERE published_at IS NULL;
