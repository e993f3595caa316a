-- Whether each hub has been told of the pair (an announcement while the pair was in its list). A pair that a hub
-- starts listing without having been told is announced again, so every host hears about each partner once.
ALTER TABLE match_suggestion ADD COLUMN announced_a BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE match_suggestion ADD COLUMN announced_b BOOLEAN NOT NULL DEFAULT false;
UPDATE match_suggestion SET announced_a = rank_a > 0, announced_b = rank_b > 0 WHERE suggestion_version > 0;
