package org.amhub.matchmaker.scoring;

import java.util.Arrays;
import java.util.Map;

/**
 * A bag of words as sorted term ids with their log-scaled counts ({@code 1 + ln(count)}): what a TF-IDF cosine needs,
 * laid out so that comparing two texts is a merge of two int arrays instead of a hash lookup per term and pair (pair
 * scoring is the engine's hot loop). Its squared TF-IDF norm is kept per network state, so a pair costs only the
 * merge of the two vectors' common terms.
 */
public final class TermVector {

    public static final TermVector EMPTY = new TermVector(new int[0], new double[0]);

    private final int[] ids;
    private final double[] weights;
    /** The squared norm for one state of one network's statistics; replaced, never changed (readers may race). */
    private volatile Norm norm;

    private record Norm(NetworkStats stats, long version, double squared) {
    }

    public TermVector(int[] ids, double[] weights) {
        this.ids = ids;
        this.weights = weights;
    }

    public static TermVector of(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return EMPTY;
        }
        long[] packed = new long[counts.size()]; // id in the high half, so sorting the longs sorts by id
        int i = 0;
        for (Map.Entry<String, Integer> term : counts.entrySet()) {
            packed[i++] = ((long) Vocabulary.id(term.getKey()) << 32) | term.getValue();
        }
        Arrays.sort(packed);
        int[] ids = new int[packed.length];
        double[] weights = new double[packed.length];
        for (i = 0; i < packed.length; i++) {
            ids[i] = (int) (packed[i] >>> 32);
            weights[i] = 1 + Math.log((int) packed[i]);
        }
        return new TermVector(ids, weights);
    }

    public int[] ids() {
        return ids;
    }

    public double[] weights() {
        return weights;
    }

    public int size() {
        return ids.length;
    }

    /**
     * The sum of the squared TF-IDF weights with the network's current IDFs, summed in term order (as a merge of two
     * vectors would sum it). Computed once per state of the statistics: two threads may both compute it, alike.
     */
    double squaredNorm(NetworkStats stats) {
        Norm cached = norm;
        long version = stats.version();
        if (cached == null || cached.stats() != stats || cached.version() != version) {
            double sum = 0;
            for (int i = 0; i < ids.length; i++) {
                double w = weights[i] * stats.termIdf(ids[i]);
                sum += w * w;
            }
            cached = new Norm(stats, version, sum);
            norm = cached;
        }
        return cached.squared();
    }
}
