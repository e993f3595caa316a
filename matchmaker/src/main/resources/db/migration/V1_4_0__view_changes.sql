-- Every change to the matchmaker's inputs (a profile applied or removed, feedback given), in commit order. Writers
-- hold one advisory lock (so sequence order is commit order); each instance's in-memory view catches up from here
-- before it writes, and on a timer, so two instances never diverge.
CREATE TABLE view_change (
    seq        BIGSERIAL PRIMARY KEY,
    hub_id     UUID,
    kind       TEXT        NOT NULL CHECK (kind IN ('PROFILE', 'FEEDBACK')),
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
