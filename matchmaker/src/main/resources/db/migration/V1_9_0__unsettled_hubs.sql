-- Hubs whose stored profile is newer than their stored suggestions: a consumer far behind the topic (an initial load,
-- a long outage) stores profiles a poll at a time and ranks them all at once when the backlog ends. A row is written
-- in the transaction that stores the profile and deleted in the one that stores the hub's suggestions, so a crash in
-- between leaves the work visible to the next instance that starts, or to a live one once the row is old.
CREATE TABLE unsettled_hub (
    hub_id    UUID PRIMARY KEY,
    staged_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- This version never lists a pair that no reason explains (earlier ones topped short lists up with such pairs):
-- every stored hub is settled once at the first start, which brings the stored suggestions in line.
INSERT INTO unsettled_hub (hub_id) SELECT hub_id FROM hub_snapshot;
