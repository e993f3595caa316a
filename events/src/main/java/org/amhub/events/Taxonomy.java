package org.amhub.events;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The controlled vocabulary of topics that priorities, capabilities and needs refer to. Topic ids travel in events,
 * so the vocabulary belongs to the contract: producers enforce it, consumers render its labels.
 */
public final class Taxonomy {

    /** A topic with its canonical id, a label for people, and synonyms accepted on input. */
    public record Topic(String id, String label, String description, List<String> synonyms) {
        public Topic {
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        }
    }

    private record Document(List<Topic> topics) {
    }

    private static final String RESOURCE = "/org/amhub/events/taxonomy.json";

    private final List<Topic> topics;
    private final Map<String, Topic> byKey = new HashMap<>();

    public Taxonomy(List<Topic> topics) {
        this.topics = List.copyOf(topics);
        for (Topic topic : this.topics) {
            register(topic.id(), topic);
            register(topic.label(), topic);
            topic.synonyms().forEach(synonym -> register(synonym, topic));
        }
    }

    /** The taxonomy shipped with the contracts. */
    public static Taxonomy standard() {
        try (InputStream in = Taxonomy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing taxonomy resource " + RESOURCE);
            }
            return new Taxonomy(new ObjectMapper().readValue(in, Document.class).topics());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Topic> topics() {
        return topics;
    }

    /** Resolves an id, label or synonym (case and punctuation insensitive) to its canonical topic. */
    public Optional<Topic> resolve(String idOrSynonym) {
        return idOrSynonym == null ? Optional.empty() : Optional.ofNullable(byKey.get(normalise(idOrSynonym)));
    }

    /**
     * The topic a free text names: the longest id, label or synonym that occurs in it as whole words (ties go to the
     * earliest mention). Empty when the text names none.
     */
    public Optional<Topic> findIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String padded = " " + normalise(text) + " ";
        Topic best = null;
        int bestLength = 0, bestAt = Integer.MAX_VALUE;
        for (Map.Entry<String, Topic> entry : byKey.entrySet()) {
            String key = entry.getKey();
            if (key.length() < 2) {
                continue;
            }
            int at = padded.indexOf(" " + key + " ");
            if (at >= 0 && (key.length() > bestLength || (key.length() == bestLength && at < bestAt))) {
                best = entry.getValue();
                bestLength = key.length();
                bestAt = at;
            }
        }
        return Optional.ofNullable(best);
    }

    public String label(String topicId) {
        return resolve(topicId).map(Topic::label).orElse(topicId);
    }

    private void register(String key, Topic topic) {
        Topic previous = byKey.putIfAbsent(normalise(key), topic);
        if (previous != null && !previous.id().equals(topic.id())) {
            throw new IllegalArgumentException("Taxonomy key '" + key + "' names both " + previous.id() + " and " + topic.id());
        }
    }

    static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }
}
