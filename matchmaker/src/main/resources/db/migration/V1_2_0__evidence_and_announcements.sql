-- Reasons with the claims behind them (text, evidence quote, source of each), and what the hubs were last told
-- about each pair: a later change is announced only when it is material against this (score moved, topics changed).
ALTER TABLE match_suggestion ADD COLUMN explanations JSONB NOT NULL DEFAULT '[]';
ALTER TABLE match_suggestion ADD COLUMN announced_score DOUBLE PRECISION;
ALTER TABLE match_suggestion ADD COLUMN announced_topics JSONB;
UPDATE match_suggestion SET announced_score = score, announced_topics = topics;
