-- The network-wide list (GET /api/matches without a hub) reads the best current suggestions first.
CREATE INDEX match_suggestion_best_idx ON match_suggestion (score DESC, match_id) WHERE status <> 'WITHDRAWN';
