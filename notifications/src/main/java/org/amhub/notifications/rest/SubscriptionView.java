package org.amhub.notifications.rest;

import org.amhub.notifications.repository.Subscription;

import java.time.Instant;
import java.util.List;

/**
 * A subscription as the API shows it: the webhook secret is never returned, only whether one is set.
 * {@code unsubscribedAt}: when someone unsubscribed through an email's one-click link (null while it sends).
 */
public record SubscriptionView(String id, String hubId, List<String> emails, String webhookUrl, boolean webhookSecretSet,
                               double minScore, List<String> topics, List<String> mutedPartners, String deliveryMode,
                               boolean isDefault, long version, Instant updatedAt, Instant unsubscribedAt) {

    static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id.toString(), s.hubId.toString(), s.emails, s.webhookUrl, s.webhookSecret != null,
                s.minScore, s.topics, s.mutedPartners, s.deliveryMode.name(), s.isDefault, s.version, s.updatedAt,
                s.unsubscribedAt);
    }
}
