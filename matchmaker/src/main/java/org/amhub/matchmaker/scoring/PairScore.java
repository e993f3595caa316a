package org.amhub.matchmaker.scoring;

import org.amhub.events.match.FactorScore;

import java.util.List;
import java.util.UUID;

/** The score of an unordered pair, with its factor breakdown, the topics behind it and the reasons in words. */
public record PairScore(UUID hubA, UUID hubB, double score, List<FactorScore> factors, List<String> topics,
                        List<String> reasons) {
}
