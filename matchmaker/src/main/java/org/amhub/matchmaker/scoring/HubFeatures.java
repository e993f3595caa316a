package org.amhub.matchmaker.scoring;

import org.amhub.events.hub.TopicClaim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the model knows of one hub, extracted once per profile version: topics by role, normalised industries,
 * funding blocs and the analysed text. Claims are kept for the explanations.
 */
public record HubFeatures(
        UUID id,
        String slug,
        String name,
        String country,
        String region,
        Set<String> blocs,
        Map<String, List<TopicClaim>> needs,
        Map<String, List<TopicClaim>> capabilities,
        Set<String> priorities,
        Set<String> industries,
        Map<String, Integer> termCounts) {

    /** Every topic the hub mentions in any role: what rarity is counted over. */
    public Set<String> allTopics() {
        java.util.HashSet<String> all = new java.util.HashSet<>(priorities);
        all.addAll(needs.keySet());
        all.addAll(capabilities.keySet());
        return all;
    }
}
