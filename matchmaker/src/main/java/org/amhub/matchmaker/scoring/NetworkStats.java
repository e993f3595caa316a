package org.amhub.matchmaker.scoring;

import java.util.Arrays;

/**
 * Document frequencies over the live network, updated as profiles come and go: how many hubs mention each topic and
 * each term. Rarity (inverse document frequency) comes from here.
 */
public final class NetworkStats {

    /** Hubs whose text has each term, by term id ({@link TermVector}). */
    private int[] termFrequency = new int[1024];
    /** Each term's IDF as last computed, valid while {@link #idfValid} holds the same stamp as {@link #version}. */
    private double[] idf = new double[1024];
    private long[] idfValid = new long[1024];
    /** Moves on every add or remove: all IDFs depend on the number of hubs. */
    private long version = 1;
    private int hubs;
    /** Hubs that mention each topic in any role, by topic id, with each topic's rarity cached like the IDFs. */
    private int[] topicFrequencyById = new int[1024];
    private double[] rarity = new double[1024];
    private long[] rarityValid = new long[1024];

    public void add(HubFeatures hub) {
        hubs++;
        version++;
        for (int id : hub.topicIds().all()) {
            grow(id);
            topicFrequencyById[id]++;
        }
        for (int id : hub.textTerms().ids()) {
            grow(id);
            termFrequency[id]++;
        }
    }

    public void remove(HubFeatures hub) {
        hubs--;
        version++;
        for (int id : hub.topicIds().all()) {
            topicFrequencyById[id]--;
        }
        for (int id : hub.textTerms().ids()) {
            termFrequency[id]--;
        }
    }

    /** Makes room for an id (terms and topics share one id space). */
    private void grow(int id) {
        if (id >= termFrequency.length) {
            int capacity = Math.max(id + 1, termFrequency.length * 2);
            termFrequency = Arrays.copyOf(termFrequency, capacity);
            idf = Arrays.copyOf(idf, capacity);
            idfValid = Arrays.copyOf(idfValid, capacity);
            topicFrequencyById = Arrays.copyOf(topicFrequencyById, capacity);
            rarity = Arrays.copyOf(rarity, capacity);
            rarityValid = Arrays.copyOf(rarityValid, capacity);
        }
    }

    /**
     * Computes every cached IDF and rarity for the current network state, so that threads that only read (a bulk
     * ranking) never fill the caches concurrently.
     */
    void prepare() {
        for (int id = 0; id < termFrequency.length; id++) {
            termIdf(id);
            topicRarity(id);
        }
    }

    /** The state the cached IDFs (and the term vectors' norms) were computed for: moves with every add or remove. */
    long version() {
        return version;
    }

    public int hubs() {
        return hubs;
    }

    public int topicFrequency(String topic) {
        int id = Vocabulary.knownId(topic);
        return id < 0 || id >= topicFrequencyById.length ? 0 : topicFrequencyById[id];
    }

    /**
     * Rarity of a topic in (0, 1]: 1 for a topic one hub lists, falling towards 0 for one that every hub lists.
     * (Smoothed inverse document frequency, divided by its largest possible value.)
     */
    public double topicRarity(String topic) {
        int id = Vocabulary.knownId(topic);
        return id < 0 ? rarity(0) : topicRarity(id);
    }

    /** {@link #topicRarity(String)} by topic id, computed once per network state (it is read for every pair scored). */
    double topicRarity(int id) {
        if (id >= topicFrequencyById.length) {
            return rarity(0);
        }
        if (rarityValid[id] != version) {
            rarity[id] = rarity(topicFrequencyById[id]);
            rarityValid[id] = version;
        }
        return rarity[id];
    }

    private double rarity(int frequency) {
        int n = Math.max(hubs, 1);
        return Math.log(1.0 + (double) n / Math.max(1, frequency)) / Math.log(1.0 + n);
    }

    public double termIdf(String term) {
        int id = Vocabulary.knownId(term);
        return id < 0 ? idf(0) : termIdf(id);
    }

    /** The IDF of the term with this id, computed once per network state (it is looked up for every pair scored). */
    public double termIdf(int id) {
        if (id >= termFrequency.length) { // a term of a hub not counted here
            return idf(0);
        }
        if (idfValid[id] != version) {
            idf[id] = idf(termFrequency[id]);
            idfValid[id] = version;
        }
        return idf[id];
    }

    private double idf(int frequency) {
        return Math.log(1.0 + (double) Math.max(hubs, 1) / Math.max(1, frequency));
    }
}
