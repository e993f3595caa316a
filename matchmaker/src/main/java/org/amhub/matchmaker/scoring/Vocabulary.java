package org.amhub.matchmaker.scoring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dense int ids for the words and topic ids of profiles, so pair scoring compares sorted int arrays and indexes
 * frequency arrays instead of hashing strings. One per JVM, shared by every engine, so features stay comparable
 * across rebuilds; it grows with the vocabulary (stems and topics), not with the number of hubs.
 */
final class Vocabulary {

    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private Vocabulary() {
    }

    /** The word's id, assigned on first sight. */
    static int id(String word) {
        return IDS.computeIfAbsent(word, w -> NEXT_ID.getAndIncrement());
    }

    /** The word's id, or -1 for a word never seen. */
    static int knownId(String word) {
        return IDS.getOrDefault(word, -1);
    }

    /** Ids of the words, sorted, without duplicates. */
    static int[] sortedIds(java.util.Collection<String> words) {
        return words.stream().mapToInt(Vocabulary::id).sorted().distinct().toArray();
    }
}
