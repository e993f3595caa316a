package org.amhub.matchmaker.scoring;

import java.util.List;
import java.util.UUID;

/**
 * A group of three or more hubs with a shared goal.
 *
 * @param kind     {@code funding-bloc} (members share a funding framework) or {@code topic} (members share a topic
 *                 that some of them offer and others seek or pursue)
 * @param cohesion mean pairwise match score of the members
 */
public record Consortium(String id, String kind, String goal, List<UUID> members, List<String> topics, double score,
                         double cohesion, List<String> reasons) {
}
