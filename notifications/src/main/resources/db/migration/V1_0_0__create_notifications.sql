-- Who to reach for each hub: from the hub-profile topic.
CREATE TABLE hub_contact (
    hub_id        UUID PRIMARY KEY,
    slug          TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    contact_email TEXT,
    version       BIGINT NOT NULL
);

-- What reaches a hub, and how. The default subscription follows the hub's contact email.
CREATE TABLE subscription (
    id             UUID PRIMARY KEY,
    hub_id         UUID             NOT NULL,
    emails         JSONB            NOT NULL DEFAULT '[]',
    webhook_url    TEXT,
    webhook_secret TEXT,
    min_score      DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (min_score BETWEEN 0 AND 1),
    topics         JSONB            NOT NULL DEFAULT '[]',
    muted_partners JSONB            NOT NULL DEFAULT '[]',
    delivery_mode  TEXT             NOT NULL CHECK (delivery_mode IN ('IMMEDIATE', 'DAILY_DIGEST')),
    is_default     BOOLEAN          NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ      NOT NULL,
    updated_at     TIMESTAMPTZ      NOT NULL,
    version        BIGINT           NOT NULL
);
CREATE INDEX subscription_hub_idx ON subscription (hub_id);
CREATE UNIQUE INDEX subscription_one_default_idx ON subscription (hub_id) WHERE is_default;

-- The in-app feed. One item per hub and suggestion version: a redelivered event cannot add a second one.
CREATE TABLE notification (
    id                 BIGSERIAL PRIMARY KEY,
    hub_id             UUID             NOT NULL,
    match_id           TEXT             NOT NULL,
    suggestion_version BIGINT           NOT NULL,
    partner_id         UUID             NOT NULL,
    partner_slug       TEXT,
    partner_name       TEXT,
    score              DOUBLE PRECISION NOT NULL,
    topics             JSONB            NOT NULL,
    reasons            JSONB            NOT NULL,
    created_at         TIMESTAMPTZ      NOT NULL,
    read_at            TIMESTAMPTZ,
    UNIQUE (hub_id, match_id, suggestion_version)
);
CREATE INDEX notification_hub_idx ON notification (hub_id, created_at DESC);

-- One row per notification, channel and recipient: the delivery log and the exactly-once key.
CREATE TABLE delivery (
    id              UUID PRIMARY KEY,
    notification_id BIGINT      NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    subscription_id UUID        NOT NULL,
    hub_id          UUID        NOT NULL,
    channel         TEXT        NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
    recipient       TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'DIGEST', 'SENT', 'FAILED', 'DEAD')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    UNIQUE (notification_id, channel, recipient)
);
CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX delivery_digest_idx ON delivery (subscription_id) WHERE status = 'DIGEST';
