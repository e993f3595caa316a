package org.amhub.notifications.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.amhub.notifications.repository.Subscription;

import java.time.Instant;
import java.util.List;

/**
 * A subscription as the API shows it. {@code webhookSecret} is present only in the answer that created the secret
 * (create, the update that first adds a webhook, rotate): it is shown once and never again, only whether one is set.
 * {@code unsubscribedAt}: when someone unsubscribed through an email's one-click link (null while it sends).
 */
public record SubscriptionView(String id, String hubId, List<String> emails, String webhookUrl, boolean webhookSecretSet,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String webhookSecret,
                               double minScore, List<String> topics, List<String> mutedPartners, String deliveryMode,
                               boolean isDefault, long version, Instant updatedAt, Instant unsubscribedAt) {

    static SubscriptionView of(Subscription s) {
        return of(s, null);
    }

    static SubscriptionView of(Subscription s, String newSecret) {
        return new SubscriptionView(s.id.toString(), s.hubId.toString(), s.emails, s.webhookUrl, s.webhookSecret != null,
                newSecret, s.minScore, s.topics, s.mutedPartners, s.deliveryMode.name(), s.isDefault, s.version, s.updatedAt,
                s.unsubscribedAt);
    }

    /** What the audit trail keeps of a subscription: no secret, only whether one is set. */
    static java.util.Map<String, Object> audited(Subscription s) {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("emails", s.emails);
        values.put("webhookUrl", s.webhookUrl);
        values.put("webhookSecretSet", s.webhookSecret != null);
        values.put("minScore", s.minScore);
        values.put("topics", s.topics);
        values.put("mutedPartners", s.mutedPartners);
        values.put("deliveryMode", s.deliveryMode == null ? null : s.deliveryMode.name());
        return values;
    }
}
