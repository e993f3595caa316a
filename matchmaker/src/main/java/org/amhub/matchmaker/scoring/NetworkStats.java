package org.amhub.matchmaker.scoring;

import java.util.HashMap;
import java.util.Map;

/**
 * Document frequencies over the live network, updated as profiles come and go: how many hubs mention each topic and
 * each term. Rarity (inverse document frequency) comes from here.
 */
public final class NetworkStats {

    private final Map<String, Integer> topicFrequency = new HashMap<>();
    private final Map<String, Integer> termFrequency = new HashMap<>();
    private int hubs;

    public void add(HubFeatures hub) {
        hubs++;
        hub.allTopics().forEach(t -> topicFrequency.merge(t, 1, Integer::sum));
        hub.termCounts().keySet().forEach(t -> termFrequency.merge(t, 1, Integer::sum));
    }

    public void remove(HubFeatures hub) {
        hubs--;
        hub.allTopics().forEach(t -> topicFrequency.computeIfPresent(t, (k, v) -> v == 1 ? null : v - 1));
        hub.termCounts().keySet().forEach(t -> termFrequency.computeIfPresent(t, (k, v) -> v == 1 ? null : v - 1));
    }

    public int hubs() {
        return hubs;
    }

    public int topicFrequency(String topic) {
        return topicFrequency.getOrDefault(topic, 0);
    }

    /**
     * Rarity of a topic in (0, 1]: 1 for a topic one hub lists, falling towards 0 for one that every hub lists.
     * (Smoothed inverse document frequency, divided by its largest possible value.)
     */
    public double topicRarity(String topic) {
        int n = Math.max(hubs, 1);
        double idf = Math.log(1.0 + (double) n / Math.max(1, topicFrequency(topic)));
        return idf / Math.log(1.0 + n);
    }

    public double termIdf(String term) {
        return Math.log(1.0 + (double) Math.max(hubs, 1) / Math.max(1, termFrequency.getOrDefault(term, 0)));
    }
}
