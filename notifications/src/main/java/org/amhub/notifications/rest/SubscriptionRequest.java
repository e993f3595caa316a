package org.amhub.notifications.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.amhub.notifications.repository.Subscription;

import java.util.List;

/**
 * A subscription as clients write it. At least one channel (emails or webhookUrl) is required; the webhook secret is
 * write-only and at least 16 characters. Without a delivery mode, alerts go out immediately.
 */
public record SubscriptionRequest(
        @Size(max = 20) List<@NotBlank @Email @Size(max = 254) String> emails,
        @Size(max = 2000) String webhookUrl,
        @Size(min = 16, max = 200) String webhookSecret,
        @DecimalMin("0") @DecimalMax("1") Double minScore,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> topics,
        @Size(max = 200) List<@NotBlank @Size(max = 100) String> mutedPartners,
        Subscription.DeliveryMode deliveryMode) {

    public Subscription.DeliveryMode deliveryModeOrDefault() {
        return deliveryMode == null ? Subscription.DeliveryMode.IMMEDIATE : deliveryMode;
    }
}
