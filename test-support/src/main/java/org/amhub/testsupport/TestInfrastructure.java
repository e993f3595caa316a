package org.amhub.testsupport;

import org.amhub.localinfra.Infrastructure;

import java.util.Locale;

/**
 * The real Kafka broker and PostgreSQL server that tests run against: one pair per test JVM, started on first use and
 * stopped when the JVM exits. {@code amhub.test.infra} (or {@code AMHUB_TEST_INFRA}) selects the mode:
 * {@code embedded} (default; no Docker needed; the servers come from {@code local-infra}) or {@code containers}
 * (Testcontainers, official images).
 */
public interface TestInfrastructure extends Infrastructure {

    static TestInfrastructure shared() {
        return Holder.INSTANCE;
    }

    final class Holder {
        static final TestInfrastructure INSTANCE = create();

        private Holder() {
        }

        private static TestInfrastructure create() {
            String mode = System.getProperty("amhub.test.infra", System.getenv().getOrDefault("AMHUB_TEST_INFRA", "embedded"));
            TestInfrastructure infrastructure = switch (mode.toLowerCase(Locale.ROOT)) {
                case "embedded" -> new EmbeddedTestInfrastructure();
                case "containers" -> new ContainerInfrastructure();
                default -> throw new IllegalArgumentException("amhub.test.infra must be 'embedded' or 'containers', not " + mode);
            };
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    ((AutoCloseable) infrastructure).close();
                } catch (Exception ignored) {
                    // the JVM is going away; nothing left to tell
                }
            }, "test-infrastructure-shutdown"));
            return infrastructure;
        }
    }
}
