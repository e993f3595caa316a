package org.amhub.deadletters;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the pending dead letters per topic. UP while at most {@code amhub.dead-letters.health.max-pending} are
 * pending (default 100): a few letters need an admin, not fewer requests; DOWN above, when consumers are rejecting
 * much of what arrives. Negative = never DOWN.
 */
@Readiness
@ApplicationScoped
public class DeadLetterHealthCheck implements HealthCheck {

    private final DeadLetters deadLetters;
    private final DeadLettersConfig config;

    public DeadLetterHealthCheck(DeadLetters deadLetters, DeadLettersConfig config) {
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dead-letters");
        long total = 0;
        for (var entry : deadLetters.pendingByTopic().entrySet()) {
            response.withData(entry.getKey(), entry.getValue());
            total += entry.getValue();
        }
        int max = config.health().maxPending();
        response.withData("pending", total).withData("max-pending", max);
        return response.status(max < 0 || total <= max).build();
    }
}
