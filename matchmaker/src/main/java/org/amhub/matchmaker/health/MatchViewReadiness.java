package org.amhub.matchmaker.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.matchmaker.service.MatchService;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the view is loaded and in step with the store: never a green check over a half-built view. */
@Readiness
@ApplicationScoped
public class MatchViewReadiness implements HealthCheck {

    private final MatchService matches;

    public MatchViewReadiness(MatchService matches) {
        this.matches = matches;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("match-view").status(matches.ready());
        matches.lastFailure().ifPresent(failure -> response.withData("lastFailure", failure));
        return response.build();
    }
}
