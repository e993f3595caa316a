package org.amhub.events.hub;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The full snapshot of a hub profile, as the registry serves it and publishes it.
 * Figures the source does not give are {@code null}, never guessed.
 */
public record HubProfile(
        UUID id,
        String slug,
        String name,
        String country,
        String region,
        List<String> hostEntities,
        String contactEmail,
        Long population,
        List<String> topIndustries,
        BigDecimal workforceInManufacturingPct,
        BigDecimal manufacturingShareOfGdpPct,
        HubStatus status,
        List<TopicClaim> priorities,
        List<TopicClaim> capabilities,
        List<TopicClaim> needs,
        List<Programme> programmes,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public HubProfile {
        hostEntities = listOrEmpty(hostEntities);
        topIndustries = listOrEmpty(topIndustries);
        priorities = listOrEmpty(priorities);
        capabilities = listOrEmpty(capabilities);
        needs = listOrEmpty(needs);
        programmes = listOrEmpty(programmes);
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
