-- Dead letters replayed by an admin (org.amhub.deadletters): a replayed letter is no longer pending.
CREATE TABLE dead_letter_replay (
    topic         TEXT        NOT NULL,
    dlq_partition INTEGER     NOT NULL,
    dlq_offset    BIGINT      NOT NULL,
    replayed_at   TIMESTAMPTZ NOT NULL,
    replayed_by   TEXT        NOT NULL,
    PRIMARY KEY (topic, dlq_partition, dlq_offset)
);
