package org.amhub.matchmaker.scoring;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tunable parts of the model, all from configuration. Weights need not add up to one: contributions are
 * normalised by their sum.
 *
 * @param fundingBlocs          bloc name to the countries in it (a shared bloc means a shared funding framework)
 * @param crossRegionReach      regional value of a pair that spans two regions without a shared bloc
 * @param oneSidedSmoothing     smoothing of the reciprocal harmonic mean, so a one-sided fit is not zero but scores
 *                              well below a two-sided one
 * @param fullScanThreshold     below this many profiles every pair is scored exactly; above it candidates come from
 *                              the inverted index
 * @param commonTopicFraction   in indexed mode, topics listed by more than this share of profiles do not generate
 *                              candidates (they carry almost no weight anyway)
 * @param candidateLimit        in indexed mode, how many candidates (best by a cheap bound from the indexes) are
 *                              scored in full after a change
 */
public record ScoringModel(
        double complementarityWeight,
        double sharedPrioritiesWeight,
        double industryWeight,
        double textWeight,
        double regionalWeight,
        double oneSidedSmoothing,
        double crossRegionReach,
        Map<String, Set<String>> fundingBlocs,
        int maxSuggestionsPerHub,
        int minSuggestionsPerHub,
        double minScore,
        int maxConsortia,
        int maxConsortiumSize,
        int fullScanThreshold,
        double commonTopicFraction,
        int candidateLimit) {

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

    /** The defaults the service ships with (mirrored in application.properties). */
    public static ScoringModel defaults() {
        return new ScoringModel(0.40, 0.25, 0.15, 0.10, 0.10, 0.10, 0.4,
                Map.of("European Union", Set.of("Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia",
                        "Czech Republic", "Denmark", "Estonia", "Finland", "France", "Germany", "Greece", "Hungary",
                        "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland",
                        "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden")),
                5, 3, 0.05, 10, 5, 200, 0.2, 128);
    }
}
