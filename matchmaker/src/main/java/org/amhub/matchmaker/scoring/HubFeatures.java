package org.amhub.matchmaker.scoring;

import org.amhub.events.hub.TopicClaim;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the model knows of one hub, extracted once per profile version: topics by role with their claims, normalised
 * industries, funding blocs and the analysed text (of the whole profile and of each claim).
 *
 * @param blocs          funding blocs (with joint programmes) the hub's country belongs to
 * @param priorities     priority topics, programme topics included
 * @param priorityClaims the claims behind priority topics (programme topics have none)
 * @param claimTerms     stemmed term counts of each claim's text, for comparing what two claims say
 * @param claimVectors   unit sentence embeddings of each claim's text (empty when claims are compared lexically)
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
        Map<String, List<TopicClaim>> priorityClaims,
        Set<String> industries,
        Map<String, Integer> termCounts,
        Map<TopicClaim, Map<String, Integer>> claimTerms,
        Map<TopicClaim, float[]> claimVectors) {

    /** Every topic the hub mentions in any role: what rarity is counted over. */
    public Set<String> allTopics() {
        Set<String> all = new HashSet<>(priorities);
        all.addAll(needs.keySet());
        all.addAll(capabilities.keySet());
        return all;
    }

    public Map<String, Integer> terms(TopicClaim claim) {
        return claimTerms.getOrDefault(claim, Map.of());
    }
}
