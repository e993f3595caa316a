package org.amhub.matchmaker.scoring;

import org.amhub.events.hub.TopicClaim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 * @param textTerms      {@code termCounts} as a {@link TermVector}, what pair scoring reads
 * @param claimTermVectors {@code claimTerms} as {@link TermVector}s
 * @param topicIds       the topics by role as sorted ids, what pair scoring reads
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
        Map<TopicClaim, float[]> claimVectors,
        TermVector textTerms,
        Map<TopicClaim, TermVector> claimTermVectors,
        TopicIds topicIds) {

    public HubFeatures(UUID id, String slug, String name, String country, String region, Set<String> blocs,
                       Map<String, List<TopicClaim>> needs, Map<String, List<TopicClaim>> capabilities,
                       Set<String> priorities, Map<String, List<TopicClaim>> priorityClaims, Set<String> industries,
                       Map<String, Integer> termCounts, Map<TopicClaim, Map<String, Integer>> claimTerms,
                       Map<TopicClaim, float[]> claimVectors) {
        this(id, slug, name, country, region, blocs, needs, capabilities, priorities, priorityClaims, industries,
                termCounts, claimTerms, claimVectors, TermVector.of(termCounts),
                vectors(claimTerms, needs, capabilities, priorityClaims),
                TopicIds.of(needs, capabilities, priorities, industries, allTopics(priorities, needs, capabilities)));
    }

    /**
     * Each claim's terms as a vector, keyed by identity (scoring looks claims up by the instances in the role maps, and
     * an identity lookup skips hashing and comparing their texts); equal claims share one vector.
     */
    @SafeVarargs
    private static Map<TopicClaim, TermVector> vectors(Map<TopicClaim, Map<String, Integer>> claimTerms,
                                                       Map<String, List<TopicClaim>>... roles) {
        Map<TopicClaim, TermVector> byValue = new HashMap<>();
        claimTerms.forEach((claim, terms) -> byValue.put(claim, TermVector.of(terms)));
        Map<TopicClaim, TermVector> vectors = new IdentityHashMap<>();
        vectors.putAll(byValue);
        for (Map<String, List<TopicClaim>> role : roles) {
            role.values().forEach(claims -> claims.forEach(claim -> {
                TermVector vector = byValue.get(claim);
                if (vector != null) {
                    vectors.put(claim, vector);
                }
            }));
        }
        return vectors;
    }

    /** Every topic the hub mentions in any role: what rarity is counted over. */
    public Set<String> allTopics() {
        return allTopics(priorities, needs, capabilities);
    }

    private static Set<String> allTopics(Set<String> priorities, Map<String, List<TopicClaim>> needs,
                                         Map<String, List<TopicClaim>> capabilities) {
        Set<String> all = new HashSet<>(priorities);
        all.addAll(needs.keySet());
        all.addAll(capabilities.keySet());
        return all;
    }

    public Map<String, Integer> terms(TopicClaim claim) {
        return claimTerms.getOrDefault(claim, Map.of());
    }

    /** The claim's terms as a vector (empty for a claim of another hub or profile). */
    public TermVector termVector(TopicClaim claim) {
        TermVector vector = claimTermVectors.get(claim);
        if (vector == null) { // an equal claim, not the instance this hub holds
            Map<String, Integer> terms = claimTerms.get(claim);
            return terms == null ? TermVector.EMPTY : TermVector.of(terms);
        }
        return vector;
    }
}
