-- The matchmaker's own view of the hubs: latest snapshot per hub, from the hub-profile topic.
CREATE TABLE hub_snapshot (
    hub_id     UUID PRIMARY KEY,
    slug       TEXT        NOT NULL,
    version    BIGINT      NOT NULL,
    profile    JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Suggestions with their factor breakdown; the unordered hub pair is the key.
CREATE TABLE match_suggestion (
    match_id           TEXT PRIMARY KEY,
    hub_a              UUID             NOT NULL,
    hub_b              UUID             NOT NULL,
    score              DOUBLE PRECISION NOT NULL,
    rank_a             INTEGER          NOT NULL,
    rank_b             INTEGER          NOT NULL,
    factors            JSONB            NOT NULL,
    topics             JSONB            NOT NULL,
    reasons            JSONB            NOT NULL,
    status             TEXT             NOT NULL CHECK (status IN ('ACTIVE', 'ACCEPTED', 'WITHDRAWN')),
    suggestion_version BIGINT           NOT NULL,
    created_at         TIMESTAMPTZ      NOT NULL,
    updated_at         TIMESTAMPTZ      NOT NULL
);
CREATE INDEX match_suggestion_hub_a_idx ON match_suggestion (hub_a);
CREATE INDEX match_suggestion_hub_b_idx ON match_suggestion (hub_b);

-- Coordinators' feedback. DECLINE hides that pair; NEVER hides the other hub (by slug, so a re-registration too).
CREATE TABLE match_feedback (
    id            BIGSERIAL PRIMARY KEY,
    match_id      TEXT        NOT NULL,
    hub_id        UUID        NOT NULL,
    other_hub_id  UUID        NOT NULL,
    other_slug    TEXT        NOT NULL,
    action        TEXT        NOT NULL CHECK (action IN ('ACCEPT', 'DECLINE', 'NEVER')),
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX match_feedback_hub_idx ON match_feedback (hub_id);
