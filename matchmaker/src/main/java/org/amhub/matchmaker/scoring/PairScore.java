package org.amhub.matchmaker.scoring;

import org.amhub.events.match.FactorScore;
import org.amhub.events.match.Reason;

import java.util.List;
import java.util.UUID;

/** The score of an unordered pair, with its factor breakdown, the topics behind it and the reasons with evidence. */
public record PairScore(UUID hubA, UUID hubB, double score, List<FactorScore> factors, List<String> topics,
                        List<Reason> reasons) {

    /** The reasons as sentences, strongest first. */
    public List<String> reasonTexts() {
        return reasons.stream().map(Reason::text).toList();
    }
}
