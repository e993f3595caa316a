package org.amhub.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * Readiness of the outbox: DOWN once the relay has failed to publish for longer than
 * {@code amhub.outbox.health.max-stall} (default 60 s) while events wait. Shorter broker hiccups stay UP (writes still
 * commit into the outbox, nothing is lost); a standby instance (another one holds the relay lock) is UP.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;
    private final OutboxConfig config;

    public OutboxHealthCheck(OutboxRelay relay, OutboxConfig config) {
        this.relay = relay;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        OutboxRelay.RelayStatus status = relay.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox relay")
                .withData("role", status.active() ? "active" : "standby")
                .withData("pending", status.pending())
                .withData("oldestPendingAgeSeconds", Math.round(status.oldestPendingAgeSeconds()));
        boolean stalled = config.health().enabled()
                && status.failingSince() != null
                && status.pending() > 0
                && Duration.between(status.failingSince(), Instant.now()).compareTo(config.health().maxStall()) > 0;
        if (status.failingSince() != null) {
            response.withData("failingSince", status.failingSince().toString())
                    .withData("lastError", String.valueOf(status.lastError()));
        }
        return response.status(!stalled).build();
    }
}
