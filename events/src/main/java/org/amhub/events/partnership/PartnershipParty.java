package org.amhub.events.partnership;

import java.util.UUID;

/** One of the two hubs of a partnership. */
public record PartnershipParty(UUID hubId, String slug, String name) {
}
