package org.amhub.events.hub;

import java.util.List;

/** A named programme or initiative a hub runs, with the taxonomy topics it touches. */
public record Programme(String name, String description, List<String> topics, String evidence) {
    public Programme {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }
}
