-- The reasons with the claims (text, evidence quote, source) behind each, as the matchmaker sends them (schema 2).
ALTER TABLE notification ADD COLUMN explanations JSONB NOT NULL DEFAULT '[]';
