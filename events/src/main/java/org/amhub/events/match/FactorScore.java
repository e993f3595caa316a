package org.amhub.events.match;

/**
 * One factor of a match score.
 *
 * @param factor       factor name (complementarity, shared-priorities, industry-overlap, text-similarity, regional)
 * @param value        the factor's own value in [0, 1]
 * @param weight       its configured weight
 * @param contribution weight x value, normalised by the total weight; contributions add up to the score
 */
public record FactorScore(String factor, double value, double weight, double contribution) {
}
