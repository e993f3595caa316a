package org.amhub.matchmaker.scoring;

import java.util.List;

/**
 * The tunable parts of the model, all from configuration. Weights need not add up to one: contributions are
 * normalised by their sum. No setting names a hub: everything rests on what profiles and data files say.
 *
 * @param oneSidedSmoothing     smoothing of the reciprocal harmonic mean, so a one-sided fit is not zero but scores
 *                              well below a two-sided one
 * @param claimMeaningShare     how much of a need↔capability match rests on what the two claims say (text
 *                              similarity of the claims) rather than on their shared topic id alone; 0 = topic ids only
 * @param claimSimilarity       how claims are compared: {@code embedding} (sentence embeddings, by meaning) or
 *                              {@code lexical} (TF-IDF over stemmed words)
 * @param relatedClaims         how alike (0–1) two claims must be for a reason to pair them as "seeks … offers …";
 *                              below it the reason names the shared topic instead
 * @param exposureDebias        diversity re-ranking: a candidate's rank score is its pair score minus this times its
 *                              popularity (mean score with its own best partners), so hubs that fit everyone do not
 *                              crowd every list; 0 = rank by pair score alone
 * @param fundingBlocs          country groups with joint funding programmes (data file)
 * @param fullScanThreshold     below this many profiles every pair is scored exactly; above it candidates come from
 *                              the inverted index
 * @param commonTopicFraction   in indexed mode, topics listed by more than this share of profiles do not generate
 *                              candidates (they carry almost no weight anyway)
 * @param candidateLimit        in indexed mode, how many candidates (best by a cheap bound from the indexes) are
 *                              scored in full after a change
 * @param candidates            above {@code fullScanThreshold}, how a change finds the hubs to rescore: {@code index}
 *                              (inverted indexes, the best {@code candidateLimit}) or {@code scan} (every other hub in
 *                              full, O(N) per change: the baseline a simple service would use, for benchmarks)
 */
public record ScoringModel(
        double complementarityWeight,
        double sharedPrioritiesWeight,
        double industryWeight,
        double textWeight,
        double regionalWeight,
        double oneSidedSmoothing,
        double claimMeaningShare,
        String claimSimilarity,
        double relatedClaims,
        double exposureDebias,
        FundingBlocs fundingBlocs,
        int maxSuggestionsPerHub,
        int minSuggestionsPerHub,
        double minScore,
        int maxConsortia,
        int maxConsortiumSize,
        int fullScanThreshold,
        double commonTopicFraction,
        int candidateLimit,
        String candidates) {

    public static final String EMBEDDING = "embedding", LEXICAL = "lexical";
    public static final String INDEX = "index", SCAN = "scan";

    public ScoringModel {
        if (!INDEX.equals(candidates) && !SCAN.equals(candidates)) {
            throw new IllegalArgumentException("candidates must be " + INDEX + " or " + SCAN + ", not " + candidates);
        }
    }

    /** Whether a change above the full-scan threshold rescores the changed hub against every other one. */
    public boolean scansEveryHub() {
        return SCAN.equals(candidates);
    }

    public static final List<String> FACTORS = List.of("complementarity", "shared-priorities", "industry-overlap",
            "text-similarity", "regional");

    public double totalWeight() {
        return complementarityWeight + sharedPrioritiesWeight + industryWeight + textWeight + regionalWeight;
    }

    public double weight(String factor) {
        return switch (factor) {
            case "complementarity" -> complementarityWeight;
            case "shared-priorities" -> sharedPrioritiesWeight;
            case "industry-overlap" -> industryWeight;
            case "text-similarity" -> textWeight;
            case "regional" -> regionalWeight;
            default -> throw new IllegalArgumentException(factor);
        };
    }

    /** The same model with other weights (in {@link #FACTORS} order) and re-ranking settings: for weight searches. */
    public ScoringModel withWeights(double[] weights, double meaningShare, double debias) {
        return new ScoringModel(weights[0], weights[1], weights[2], weights[3], weights[4], oneSidedSmoothing,
                meaningShare, claimSimilarity, relatedClaims, debias, fundingBlocs, maxSuggestionsPerHub, minSuggestionsPerHub, minScore, maxConsortia,
                maxConsortiumSize, fullScanThreshold, commonTopicFraction, candidateLimit, candidates);
    }

    /** The same model with another way of comparing claims. */
    public ScoringModel withClaimSimilarity(String similarity) {
        return new ScoringModel(complementarityWeight, sharedPrioritiesWeight, industryWeight, textWeight,
                regionalWeight, oneSidedSmoothing, claimMeaningShare, similarity, relatedClaims, exposureDebias,
                fundingBlocs, maxSuggestionsPerHub, minSuggestionsPerHub, minScore, maxConsortia, maxConsortiumSize,
                fullScanThreshold, commonTopicFraction, candidateLimit, candidates);
    }

    /** The same model with another way of finding the hubs a change rescores ({@link #INDEX} or {@link #SCAN}). */
    public ScoringModel withCandidates(String retrieval) {
        return new ScoringModel(complementarityWeight, sharedPrioritiesWeight, industryWeight, textWeight,
                regionalWeight, oneSidedSmoothing, claimMeaningShare, claimSimilarity, relatedClaims, exposureDebias,
                fundingBlocs, maxSuggestionsPerHub, minSuggestionsPerHub, minScore, maxConsortia, maxConsortiumSize,
                fullScanThreshold, commonTopicFraction, candidateLimit, retrieval);
    }

    /** The defaults the service ships with (mirrored in application.properties; see docs/evaluation.md for how). */
    public static ScoringModel defaults() {
        return new ScoringModel(0.2, 0.1, 0.0, 0.6, 0.1, 0.10, 0.5, EMBEDDING, 0.35, 1.0, FundingBlocs.bundled(),
                5, 3, 0.05, 10, 5, 200, 0.2, 128, INDEX);
    }
}
