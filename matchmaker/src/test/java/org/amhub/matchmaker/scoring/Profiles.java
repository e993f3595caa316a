package org.amhub.matchmaker.scoring;

import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.Programme;
import org.amhub.events.hub.TopicClaim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A builder of hub profiles for scoring tests; hub names are invented on purpose. */
final class Profiles {
    private final String slug;
    private String region = "Region " + UUID.randomUUID();
    private String country = "Country " + UUID.randomUUID();
    private final List<String> industries = new ArrayList<>();
    private final List<Programme> programmes = new ArrayList<>();
    private final List<TopicClaim> priorities = new ArrayList<>(), capabilities = new ArrayList<>(), needs = new ArrayList<>();

    private Profiles(String slug) {
        this.slug = slug;
    }

    static Profiles hub(String slug) {
        return new Profiles(slug);
    }

    Profiles in(String country, String region) {
        this.country = country;
        this.region = region;
        return this;
    }

    Profiles industries(String... names) {
        industries.addAll(List.of(names));
        return this;
    }

    Profiles priority(String topic) {
        priorities.add(new TopicClaim(topic, "works on " + topic, null));
        return this;
    }

    Profiles offers(String topic, String text) {
        capabilities.add(new TopicClaim(topic, text, "Quote: " + text, "test profile"));
        return this;
    }

    Profiles seeks(String topic, String text) {
        needs.add(new TopicClaim(topic, text, "Quote: " + text, "test profile"));
        return this;
    }

    /** A programme the hub runs on these topics: its topics count as priorities, without claims of their own. */
    Profiles programme(String name, String... topics) {
        programmes.add(new Programme(name, null, List.of(topics), null));
        return this;
    }

    HubProfile build() {
        return new HubProfile(id(slug), slug, "Hub " + slug, country, region, List.of("Host of " + slug), null, null,
                industries, null, null, HubStatus.ACTIVE, priorities, capabilities, needs, programmes, 1, Instant.EPOCH, Instant.EPOCH);
    }

    static UUID id(String slug) {
        return UUID.nameUUIDFromBytes(slug.getBytes(StandardCharsets.UTF_8));
    }
}
