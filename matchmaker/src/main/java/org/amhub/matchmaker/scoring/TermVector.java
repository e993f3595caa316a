package org.amhub.matchmaker.scoring;

import java.util.Arrays;
import java.util.Map;

/**
 * A bag of words as sorted term ids with their log-scaled counts ({@code 1 + ln(count)}): what a TF-IDF cosine needs,
 * laid out so that comparing two texts is a merge of two int arrays instead of a hash lookup per term and pair (pair
 * scoring is the engine's hot loop).
 */
public record TermVector(int[] ids, double[] weights) {

    public static final TermVector EMPTY = new TermVector(new int[0], new double[0]);

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

    public int size() {
        return ids.length;
    }
}
