package org.amhub.notifications.webhook;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostCircuitBreakersTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void opensAfterTheThresholdLetsOneTrialThroughAndClosesOnSuccess() throws Exception {
        MutableClock clock = new MutableClock();
        HostCircuitBreakers breakers = new HostCircuitBreakers(3, Duration.ofSeconds(30), clock);
        String a = HostCircuitBreakers.endpoint(URI.create("https://A.example.org/hook")), b = "https://b.example.org:443";
        for (int i = 0; i < 3; i++) {
            breakers.acquire(a);
            breakers.failure(a);
        }
        assertThatThrownBy(() -> breakers.acquire(a)).isInstanceOf(HostCircuitBreakers.CircuitOpenException.class);
        assertThatCode(() -> breakers.acquire(b)).doesNotThrowAnyException(); // other endpoints are not affected
        assertThat(breakers.openCount()).isEqualTo(1);

        clock.now = clock.now.plusSeconds(31);
        breakers.acquire(a); // the trial
        assertThatThrownBy(() -> breakers.acquire(a)).isInstanceOf(HostCircuitBreakers.CircuitOpenException.class);
        breakers.failure(a); // the trial failed: open again
        assertThatThrownBy(() -> breakers.acquire(a)).isInstanceOf(HostCircuitBreakers.CircuitOpenException.class);

        clock.now = clock.now.plusSeconds(31);
        breakers.acquire(a);
        breakers.success(a);
        assertThatCode(() -> breakers.acquire(a)).doesNotThrowAnyException();
        assertThat(breakers.openCount()).isZero();
        assertThat(a).isEqualTo("https://a.example.org:443");
    }
}
