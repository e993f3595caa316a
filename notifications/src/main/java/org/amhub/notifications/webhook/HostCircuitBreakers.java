package org.amhub.notifications.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per webhook endpoint (scheme, host and port): after {@code threshold} failures in a row the
 * endpoint is not called for {@code openFor}; then a single trial call is let through (half-open): success closes the
 * circuit, failure opens it again. A dead receiver thus costs one call per {@code openFor}, not one per delivery,
 * and never holds up deliveries to other endpoints. Plain Java, so it is unit-tested with a clock.
 */
public final class HostCircuitBreakers {

    /** Thrown instead of calling an endpoint whose circuit is open; not an attempt, the delivery waits until {@link #retryAt}. */
    public static class CircuitOpenException extends java.io.IOException {
        public final Instant retryAt;

        CircuitOpenException(String endpoint, Instant retryAt) {
            super("circuit open for " + endpoint + " until " + retryAt);
            this.retryAt = retryAt;
        }
    }

    private static final class State {
        int failures;
        Instant openUntil;
        boolean trialInFlight;
    }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public HostCircuitBreakers(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    public static String endpoint(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase() + ":" + port;
    }

    /** Whether a call may go out now; throws when the circuit is open (or its one trial call is under way). */
    public void acquire(String endpoint) throws CircuitOpenException {
        State state = states.computeIfAbsent(endpoint, e -> new State());
        synchronized (state) {
            if (state.openUntil == null) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(state.openUntil) || state.trialInFlight) {
                throw new CircuitOpenException(endpoint, now.isBefore(state.openUntil) ? state.openUntil : now.plus(openFor));
            }
            state.trialInFlight = true; // half-open: this call is the trial
        }
    }

    public void success(String endpoint) {
        State state = states.computeIfAbsent(endpoint, e -> new State());
        synchronized (state) {
            state.failures = 0;
            state.openUntil = null;
            state.trialInFlight = false;
        }
    }

    public void failure(String endpoint) {
        State state = states.computeIfAbsent(endpoint, e -> new State());
        synchronized (state) {
            state.failures++;
            if (state.trialInFlight || state.failures >= threshold) {
                state.openUntil = clock.instant().plus(openFor);
            }
            state.trialInFlight = false;
        }
    }

    /** Endpoints whose circuit is open now. */
    public long openCount() {
        Instant now = clock.instant();
        return states.values().stream().filter(s -> {
            synchronized (s) {
                return s.openUntil != null && (now.isBefore(s.openUntil) || s.trialInFlight);
            }
        }).count();
    }
}
