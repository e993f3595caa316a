package org.amhub.testsupport.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.amhub.localinfra.LocalKeycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real Keycloak of {@code local-infra} (realm {@code amhub}) for the one end-to-end identity test: unzipped under
 * the module's {@code target/keycloak}, its data kept in {@code target/keycloak-data} (so a second run skips the realm
 * import), on a free loopback port. The service under test verifies tokens through the realm's discovery document and
 * keys instead of the test key. Users' passwords are {@link #password(String)}: fixed, test-only.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    /** Bounds the whole start, first unzip and realm import included, on a busy 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    /** The console client's secret in tests (test-only, like the passwords). */
    public static final String CONSOLE_SECRET = "test-only-console-secret";

    private static volatile LocalKeycloak keycloak;

    @Override
    public Map<String, String> start() {
        Map<String, String> environment = new HashMap<>();
        LocalKeycloak.realmUsers(LocalKeycloak.realmHubSlugs()).forEach((user, variable) -> environment.put(variable, password(user)));
        environment.put(LocalKeycloak.CONSOLE_SECRET_VARIABLE, CONSOLE_SECRET);
        try {
            keycloak = LocalKeycloak.start(Path.of("target/keycloak"), Path.of("target/keycloak-data").toAbsolutePath(), 0,
                    environment, START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of(
                "quarkus.oidc.auth-server-url", keycloak.realmUrl(),
                "quarkus.oidc.public-key", "",
                "quarkus.oidc.token.issuer", keycloak.realmUrl());
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
            keycloak = null;
        }
    }

    /** The running Keycloak (between start and stop). */
    public static LocalKeycloak keycloak() {
        if (keycloak == null) {
            throw new IllegalStateException("Keycloak is not running: annotate the test with @WithTestResource(KeycloakResource.class)");
        }
        return keycloak;
    }

    /** The test password of a realm user ({@code admin} or {@code <slug>-coordinator}). */
    public static String password(String user) {
        return "test-only-" + user;
    }
}
