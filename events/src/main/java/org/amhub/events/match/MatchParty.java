package org.amhub.events.match;

import java.util.UUID;

/**
 * One side of a suggested pair.
 *
 * @param rank position of the other hub in this hub's suggestion list (1 = best), or 0 when it is not listed there
 */
public record MatchParty(UUID hubId, String slug, String name, int rank) {
}
