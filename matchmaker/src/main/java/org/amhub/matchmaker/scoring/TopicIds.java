package org.amhub.matchmaker.scoring;

import org.amhub.events.hub.TopicClaim;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hub's topics by role as sorted {@link Vocabulary} ids, with the claims behind each need and capability aligned to
 * them: pair scoring merges these arrays instead of looking topics up in hash maps.
 */
record TopicIds(int[] needs, TopicClaim[][] needClaims, int[] capabilities, TopicClaim[][] capabilityClaims,
                int[] priorities, int[] industries, int[] all) {

    static TopicIds of(Map<String, List<TopicClaim>> needs, Map<String, List<TopicClaim>> capabilities,
                       Set<String> priorities, Set<String> industries, Set<String> all) {
        int[] needIds = Vocabulary.sortedIds(needs.keySet());
        int[] capabilityIds = Vocabulary.sortedIds(capabilities.keySet());
        return new TopicIds(needIds, claims(needIds, needs), capabilityIds, claims(capabilityIds, capabilities),
                Vocabulary.sortedIds(priorities), Vocabulary.sortedIds(industries), Vocabulary.sortedIds(all));
    }

    private static TopicClaim[][] claims(int[] ids, Map<String, List<TopicClaim>> byTopic) {
        TopicClaim[][] claims = new TopicClaim[ids.length][];
        byTopic.forEach((topic, list) -> {
            int at = java.util.Arrays.binarySearch(ids, Vocabulary.id(topic));
            claims[at] = list.toArray(TopicClaim[]::new);
        });
        return claims;
    }

    /** How many ids two sorted arrays share. */
    static int shared(int[] a, int[] b) {
        int count = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                count++;
                i++;
                j++;
            }
        }
        return count;
    }
}
