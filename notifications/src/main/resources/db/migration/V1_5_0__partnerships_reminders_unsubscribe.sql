-- Feed items are no longer only suggestions: partnership changes (one per hub and event id) and profile-review
-- reminders too. Suggestions keep their exactly-once key (hub, match, suggestion version); other kinds use the event.
ALTER TABLE notification ADD COLUMN kind TEXT NOT NULL DEFAULT 'suggestion'
    CHECK (kind IN ('suggestion', 'partnership', 'profile-review'));
ALTER TABLE notification ADD COLUMN event_id UUID;
ALTER TABLE notification ADD COLUMN text TEXT;
ALTER TABLE notification ADD COLUMN link TEXT;
-- the event as received (partnership changes), for webhooks
ALTER TABLE notification ADD COLUMN payload JSONB;
ALTER TABLE notification ALTER COLUMN match_id DROP NOT NULL;
ALTER TABLE notification ALTER COLUMN partner_id DROP NOT NULL;
ALTER TABLE notification DROP CONSTRAINT notification_hub_id_match_id_suggestion_version_key;
CREATE UNIQUE INDEX notification_suggestion_key ON notification (hub_id, match_id, suggestion_version) WHERE kind = 'suggestion';
CREATE UNIQUE INDEX notification_event_key ON notification (hub_id, event_id) WHERE event_id IS NOT NULL;

-- When each hub's profile last changed (from the hub-profile topic) and when it was last reminded to review it.
ALTER TABLE hub_contact ADD COLUMN profile_changed_at TIMESTAMPTZ;
ALTER TABLE hub_contact ADD COLUMN profile_reminded_at TIMESTAMPTZ;

-- One-click unsubscribe (RFC 8058): the subscription stops sending; each unsubscribe is recorded.
ALTER TABLE subscription ADD COLUMN unsubscribed_at TIMESTAMPTZ;
CREATE TABLE unsubscribe (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id UUID        NOT NULL,
    hub_id          UUID        NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    user_agent      TEXT
);
CREATE INDEX unsubscribe_subscription_idx ON unsubscribe (subscription_id);
