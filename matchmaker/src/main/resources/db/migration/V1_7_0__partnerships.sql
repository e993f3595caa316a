-- A partnership opens when both hubs of a suggestion accepted it (in the transaction of the second accept); one per
-- match, so a repeated accept opens nothing new. version is the optimistic lock the API exposes as ETag / If-Match.
CREATE TABLE partnership (
    id               UUID PRIMARY KEY,
    match_id         TEXT        NOT NULL UNIQUE,
    hub_a            UUID        NOT NULL,
    hub_b            UUID        NOT NULL,
    stage            TEXT        NOT NULL CHECK (stage IN ('INTRODUCED', 'IN_DISCUSSION', 'AGREEMENT_SIGNED',
                                                           'PROJECT_RUNNING', 'CLOSED', 'ABANDONED')),
    next_step        TEXT,
    next_step_due    DATE,
    opened_at        TIMESTAMPTZ NOT NULL,
    stage_changed_at TIMESTAMPTZ NOT NULL,
    -- when the last "no progress" reminder went out: at most one per stale-after period
    reminded_at      TIMESTAMPTZ,
    version          BIGINT      NOT NULL
);
CREATE INDEX partnership_hub_a_idx ON partnership (hub_a);
CREATE INDEX partnership_hub_b_idx ON partnership (hub_b);
CREATE INDEX partnership_open_idx ON partnership (stage_changed_at) WHERE stage NOT IN ('CLOSED', 'ABANDONED');

-- The history shown with each partnership: opened, stage moves and notes (reminders are events only, not history).
CREATE TABLE partnership_event (
    id             BIGSERIAL PRIMARY KEY,
    partnership_id UUID        NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    kind           TEXT        NOT NULL CHECK (kind IN ('OPENED', 'STAGE_CHANGED', 'NOTE_ADDED')),
    from_stage     TEXT,
    to_stage       TEXT        NOT NULL,
    note           TEXT,
    actor          TEXT        NOT NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX partnership_event_partnership_idx ON partnership_event (partnership_id, at, id);
