package org.amhub.notifications.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * Reports the delivery backlog and the consumers' retry state. Always UP: a backlog or a consumer waiting out a
 * database outage is a reason to look (the metrics alert on it), not a reason to stop serving the API; the database
 * and Kafka have their own checks.
 */
@Readiness
@ApplicationScoped
public class DeliveryHealthCheck implements HealthCheck {

    private final DeliveryBacklog backlog;

    public DeliveryHealthCheck(DeliveryBacklog backlog) {
        this.backlog = backlog;
    }

    @Override
    public HealthCheckResponse call() {
        DeliveryBacklog.Snapshot snapshot = backlog.snapshot();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("deliveries").up()
                .withData("due", snapshot.due())
                .withData("oldestDueAgeSeconds", Math.round(snapshot.oldestDueAgeSeconds()))
                .withData("leased", snapshot.leased())
                .withData("waitingForDigest", snapshot.waitingForDigest());
        backlog.retry().retryingSince().forEach((channel, since) ->
                response.withData("consumer." + channel + ".retryingSeconds", Duration.between(since, Instant.now()).toSeconds()));
        return response.build();
    }
}
