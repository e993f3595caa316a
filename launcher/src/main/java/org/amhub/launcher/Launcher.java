package org.amhub.launcher;

import org.amhub.launcher.SystemRunner.Service;
import org.amhub.localinfra.LocalKeycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system on one machine without Docker: a real PostgreSQL, a real Kafka broker (KRaft), a real Keycloak
 * (realm {@code amhub}, port {@code AMHUB_KEYCLOAK_PORT}, default 8180) and every service that has been built, each service in its own JVM with its own database. Ctrl-C (or SIGTERM) stops
 * everything; data and generated secrets stay under {@code .amhub/} for the next run.
 * <ul>
 *   <li>{@code -Damhub.reset=true} or {@code AMHUB_RESET=1}: start from empty data (PostgreSQL and Kafka).</li>
 *   <li>{@code -Damhub.only=infra} or {@code AMHUB_ONLY=infra}: PostgreSQL, Kafka and Keycloak only, for {@code quarkus:dev}.</li>
 * </ul>
 */
public final class Launcher {

    private final SystemRunner system;
    private final Path secretsFile;
    private volatile CompletableFuture<LocalKeycloak> keycloak;
    private volatile Map<String, String> identityEnvironment = Map.of();

    private Launcher(SystemRunner system, Path secretsFile) {
        this.system = system;
        this.secretsFile = secretsFile;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        long t0 = System.nanoTime();
        Path root = Path.of(System.getProperty("amhub.root", ".")).toAbsolutePath().normalize();
        Path dataDir = SystemRunner.defaultDataDir(root);
        if (flag("amhub.reset", "AMHUB_RESET")) {
            say("Reset: deleting " + dataDir);
            SystemRunner.resetData(dataDir);
        }
        SystemRunner system = new SystemRunner(root, dataDir);
        final Launcher launcher = new Launcher(system, root.resolve(".amhub/secrets.properties"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                say("\nStopping ...");
                launcher.stopKeycloak();
                system.close();
                say("Stopped; data kept in " + dataDir + " (start with -Damhub.reset=true to start empty).");
            } finally {
                stopped.countDown();
            }
        }, "amhub-launcher-stop"));
        try {
            String only = setting("amhub.only", "AMHUB_ONLY", "").toLowerCase(Locale.ROOT);
            if (only.equals("infra")) {
                launcher.startInfrastructureOnly(dataDir);
            } else if (only.isEmpty()) {
                launcher.start(dataDir);
            } else {
                throw new IllegalArgumentException("amhub.only must be 'infra' (or unset), not " + only);
            }
            say(String.format("Ready in %.1f s.%n", (System.nanoTime() - t0) / 1e9));
        } catch (Exception e) {
            System.err.println("\nThe system did not start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    private void start(Path dataDir) throws Exception {
        List<Service> built = system.builtServices();
        if (built.isEmpty()) {
            throw new IllegalStateException("No service is built; run `./mvnw -Prun -DskipTests package` from " + system.root());
        }
        say("Starting PostgreSQL and Kafka (KRaft), data in " + dataDir + " ...");
        system.startInfrastructure();
        String adminPassword = adminPassword();
        startKeycloak(dataDir);
        List<Service> backend = built.stream().filter(Service::hasDatabase).toList();
        for (Service service : backend) {
            Map<String, String> config = system.baseConfig(service);
            config.put("quarkus.oidc.auth-server-url", keycloakRealmUrl());
            if (service.module().equals("notifications")) {
                // No SMTP server is assumed locally: mails are written to the service log instead of sent.
                config.put("quarkus.mailer.mock", System.getenv().getOrDefault("AMHUB_MAIL_MOCK", "true"));
                config.put("amhub.notifications.dashboard-url", SystemRunner.service("console").baseUrl() + "/");
                config.put("amhub.console.url", SystemRunner.service("console").baseUrl());
                config.put("amhub.webhooks.secret-key", webhookSecretKey());
                config.put("amhub.unsubscribe.key", unsubscribeKey());
                config.put("amhub.unsubscribe.base-url", service.baseUrl());
            }
            system.configure(service, config);
            system.startService(service);
            say("  " + service.module() + " -> port " + service.port() + ", log "
                    + system.runDir().resolve(service.module()).resolve("service.log"));
        }
        say("Waiting for the services to be ready ...");
        for (Service service : backend) {
            system.awaitReady(service, Duration.ofSeconds(180));
        }
        LocalKeycloak identity = awaitKeycloak();
        // The console signs people in through Keycloak's code flow, so it starts once Keycloak answers.
        Optional<Service> console = built.stream().filter(s -> s.module().equals("console")).findFirst();
        if (console.isPresent()) {
            system.configure(console.get(), consoleConfig(system, console.get(), consoleSecret()));
            system.startService(console.get());
            system.awaitReady(console.get(), Duration.ofSeconds(120));
        }
        StringBuilder banner = new StringBuilder("\n=== AMHUB collaboration network is up ===\n");
        console.ifPresent(c -> banner.append(String.format("  %-14s %s   (sign in as %s)%n", "console", c.baseUrl() + "/",
                sampleLogin())));
        for (Service service : backend) {
            String base = service.baseUrl();
            banner.append(String.format("  %-14s %s   (API docs: %s/q/swagger-ui, health: %s/q/health)%n",
                    service.module(), base, base, base));
        }
        appendInfrastructure(banner);
        appendKeycloak(banner, identity);
        banner.append("  admin login    admin / ").append(adminPassword)
                .append("   (Keycloak realm user; kept in ").append(secretsFile).append("; AMHUB_ADMIN_PASSWORD overrides)\n");
        banner.append("  service logs   ").append(system.runDir()).append("/<service>/service.log\n");
        banner.append("Press Ctrl-C to stop everything; data is kept (-Damhub.reset=true starts empty).\n");
        say(banner.toString());
    }

    /** The console's settings: where the services and Keycloak are, and its client secret (never in a file in the repo). */
    public static Map<String, String> consoleConfig(SystemRunner system, Service console, String clientSecret) {
        Map<String, String> config = system.baseConfig(console);
        int keycloakPort = SystemRunner.setting("AMHUB_KEYCLOAK_PORT", 8180);
        config.put("quarkus.oidc.auth-server-url", keycloakRealmUrl());
        config.put("quarkus.oidc.credentials.secret", clientSecret);
        config.put("amhub.console.oidc-origin", "http://localhost:" + keycloakPort);
        for (Service service : SystemRunner.BACKEND) {
            config.put("quarkus.rest-client." + service.module() + ".url", service.baseUrl());
        }
        return config;
    }

    private void startInfrastructureOnly(Path dataDir) throws Exception {
        say("Starting PostgreSQL, Kafka (KRaft) and Keycloak only, data in " + dataDir + " ...");
        system.startInfrastructure();
        startKeycloak(dataDir);
        LocalKeycloak identity = awaitKeycloak();
        StringBuilder banner = new StringBuilder("\n=== AMHUB infrastructure is up (no services) ===\n");
        appendInfrastructure(banner);
        appendKeycloak(banner, identity);
        banner.append("  databases      ");
        banner.append(String.join(", ", SystemRunner.BACKEND.stream().map(Service::database).toList())).append('\n');
        banner.append("Each service's %dev profile points here; in another terminal run for example\n")
                .append("  ./mvnw -pl hub-registry -am quarkus:dev   (or matchmaker, notifications)\n")
                .append("Settings (already the %dev defaults):\n");
        for (Service service : SystemRunner.BACKEND) {
            banner.append("  ").append(service.module()).append(": quarkus.datasource.jdbc.url=")
                    .append(system.postgres().jdbcUrl(service.database())).append('\n');
        }
        banner.append("  all: quarkus.datasource.username=postgres, quarkus.datasource.password=(empty), kafka.bootstrap.servers=")
                .append(system.kafka().bootstrapServers()).append(", quarkus.devservices.enabled=false\n");
        banner.append("Press Ctrl-C to stop; data is kept.\n");
        say(banner.toString());
    }

    private void appendInfrastructure(StringBuilder banner) {
        banner.append("  Kafka          ").append(system.kafka().bootstrapServers()).append('\n');
        banner.append("  PostgreSQL     ").append(system.postgres().jdbcUrl("<service db>"))
                .append(" (user postgres, no password; fsync on)\n");
    }

    /** Starts Keycloak in the background: it takes longest, and the services fetch its keys only when a token comes. */
    private void startKeycloak(Path dataDir) throws IOException {
        Map<String, String> environment = keycloakEnvironment();
        identityEnvironment = environment;
        int port = SystemRunner.setting("AMHUB_KEYCLOAK_PORT", 8180);
        Path installRoot = system.root().resolve(".amhub/keycloak");
        say("Starting Keycloak on port " + port + " (the first start unpacks and builds it: a minute or two) ...");
        keycloak = CompletableFuture.supplyAsync(() -> {
            try {
                long t0 = System.nanoTime();
                LocalKeycloak started = LocalKeycloak.start(installRoot, dataDir.resolve("keycloak"), port, environment,
                        Duration.ofSeconds(300));
                say(String.format("  keycloak -> port %d, ready in %.1f s, %d MB resident, log %s", started.port(),
                        (System.nanoTime() - t0) / 1e9, started.residentKilobytes() / 1024,
                        started.dataDirectory().resolve("keycloak.log")));
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting Keycloak", e);
            }
        });
    }

    /** Known before Keycloak is ready: the services fetch its keys when the first token comes. */
    private static String keycloakRealmUrl() {
        return "http://localhost:" + SystemRunner.setting("AMHUB_KEYCLOAK_PORT", 8180) + "/realms/" + LocalKeycloak.REALM;
    }

    private LocalKeycloak awaitKeycloak() {
        try {
            return keycloak.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("Keycloak did not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void stopKeycloak() {
        CompletableFuture<LocalKeycloak> started = keycloak;
        if (started != null) {
            try {
                started.join().close();
            } catch (RuntimeException e) {
                System.err.println("While stopping Keycloak: " + e.getMessage());
            }
        }
    }

    private void appendKeycloak(StringBuilder banner, LocalKeycloak identity) {
        banner.append("  Keycloak       ").append(identity.baseUrl()).append("   (realm ").append(LocalKeycloak.REALM)
                .append(", issuer ").append(identity.realmUrl()).append(")\n");
        banner.append("  logins         admin and <hub slug>-coordinator; passwords in ").append(secretsFile)
                .append(" (AMHUB_KC_PASSWORD_<NAME> overrides)\n");
        banner.append("  a token        curl -s -d grant_type=password -d client_id=").append(LocalKeycloak.CLI_CLIENT)
                .append(" -d username=ulsan-coordinator --data-urlencode password=... ").append(identity.tokenUrl()).append('\n');
    }

    /**
     * The passwords of the realm's users (admin: the same as {@link #adminPassword()}; one coordinator per seed hub)
     * and of Keycloak's own bootstrap administrator: from the environment, else from {@code .amhub/secrets.properties},
     * else generated, kept there and printed this once.
     */
    private Map<String, String> keycloakEnvironment() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(LocalKeycloak.passwordVariable("admin"), adminPassword());
        // Generated and kept before this method loads the secrets file, or its store below would drop it again
        environment.put(LocalKeycloak.CONSOLE_SECRET_VARIABLE, consoleSecret());
        Properties secrets = loadSecrets();
        StringBuilder generated = new StringBuilder();
        for (Map.Entry<String, String> user : LocalKeycloak.realmUsers(LocalKeycloak.realmHubSlugs()).entrySet()) {
            if (user.getKey().equals("admin")) {
                continue;
            }
            String fromEnv = System.getenv(user.getValue());
            String key = "keycloak.password." + user.getKey();
            String password = fromEnv != null && !fromEnv.isBlank() ? fromEnv : secrets.getProperty(key);
            if (password == null || password.isBlank()) {
                password = randomSecret();
                secrets.setProperty(key, password);
                generated.append(String.format("    %-30s %s%n", user.getKey(), password));
            }
            environment.put(user.getValue(), password);
        }
        String bootstrap = secrets.getProperty("keycloak.bootstrap-admin.password");
        if (bootstrap == null || bootstrap.isBlank()) {
            bootstrap = randomSecret();
            secrets.setProperty("keycloak.bootstrap-admin.password", bootstrap);
            generated.append(String.format("    %-30s %s  (Keycloak's own console, realm master)%n", "keycloak-admin", bootstrap));
        }
        environment.put(LocalKeycloak.CONSOLE_URL_VARIABLE, SystemRunner.service("console").baseUrl());
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", "keycloak-admin");
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", bootstrap);
        if (!generated.isEmpty()) {
            storeSecrets(secrets);
            say("  Generated Keycloak passwords (shown once; kept in " + secretsFile + "):\n" + generated);
        }
        return environment;
    }

    /** A coordinator login to try the console with: the first hub of the realm file, its password as Keycloak has it. */
    private String sampleLogin() {
        List<String> slugs = LocalKeycloak.realmHubSlugs();
        if (slugs.isEmpty()) {
            return "admin (password below)";
        }
        String password = identityEnvironment.get(LocalKeycloak.passwordVariable(slugs.get(0)));
        return slugs.get(0) + "-coordinator / " + (password == null ? "(see " + secretsFile + ")" : password)
                + "; every hub's coordinator: <slug>-coordinator, passwords in " + secretsFile;
    }

    /** The console's OIDC client secret: {@code AMHUB_CONSOLE_CLIENT_SECRET}, else generated once and kept in the secrets file. */
    private String consoleSecret() throws IOException {
        String fromEnv = System.getenv("AMHUB_CONSOLE_CLIENT_SECRET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Properties secrets = loadSecrets();
        String secret = secrets.getProperty("keycloak.client-secret.console");
        if (secret == null || secret.isBlank()) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            secret = HexFormat.of().formatHex(bytes);
            secrets.setProperty("keycloak.client-secret.console", secret);
            storeSecrets(secrets);
        }
        return secret;
    }

    private Properties loadSecrets() throws IOException {
        Properties secrets = new Properties();
        if (Files.isRegularFile(secretsFile)) {
            try (InputStream in = Files.newInputStream(secretsFile)) {
                secrets.load(in);
            }
        }
        return secrets;
    }

    private void storeSecrets(Properties secrets) throws IOException {
        Files.createDirectories(secretsFile.getParent());
        if (!Files.exists(secretsFile)) {
            Files.createFile(secretsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (OutputStream out = Files.newOutputStream(secretsFile)) {
            secrets.store(out, "Generated by the AMHUB launcher on first run; keep private");
        }
        Files.setPosixFilePermissions(secretsFile, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The admin password: {@code AMHUB_ADMIN_PASSWORD} if set, otherwise the one generated on the first run and kept in
     * {@code .amhub/secrets.properties} (0600), so that restarts keep working with the same login.
     */
    private String adminPassword() throws IOException {
        String fromEnv = System.getenv("AMHUB_ADMIN_PASSWORD");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Properties secrets = loadSecrets();
        String password = secrets.getProperty("admin.password");
        if (password == null || password.isBlank()) {
            secrets.setProperty("admin.password", randomSecret());
            storeSecrets(secrets);
        }
        return secrets.getProperty("admin.password");
    }

    /**
     * The key that encrypts stored webhook signing secrets: {@code AMHUB_WEBHOOKS_SECRET_KEY} if set, otherwise generated
     * on the first run (32 random bytes, base64) and kept in {@code .amhub/secrets.properties}: losing it makes the stored
     * secrets unreadable (their webhooks then need a rotated secret).
     */
    private String webhookSecretKey() throws IOException {
        String fromEnv = System.getenv("AMHUB_WEBHOOKS_SECRET_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Properties secrets = loadSecrets();
        String key = secrets.getProperty("webhooks.secret-key");
        if (key == null || key.isBlank()) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            key = java.util.Base64.getEncoder().encodeToString(bytes);
            secrets.setProperty("webhooks.secret-key", key);
            storeSecrets(secrets);
        }
        return key;
    }

    /**
     * The key that signs one-click unsubscribe links: {@code AMHUB_UNSUBSCRIBE_KEY} if set, otherwise generated on the
     * first run and kept in {@code .amhub/secrets.properties}, so that links in mails sent earlier keep working.
     */
    private String unsubscribeKey() throws IOException {
        String fromEnv = System.getenv("AMHUB_UNSUBSCRIBE_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Properties secrets = loadSecrets();
        String key = secrets.getProperty("unsubscribe.key");
        if (key == null || key.isBlank()) {
            secrets.setProperty("unsubscribe.key", randomSecret());
            storeSecrets(secrets);
        }
        return secrets.getProperty("unsubscribe.key");
    }

    private static boolean flag(String property, String env) {
        String value = setting(property, env, "false").strip().toLowerCase(Locale.ROOT);
        return value.equals("true") || value.equals("1") || value.equals("yes");
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Prints a line. Never throws: on Ctrl-C, Maven may be tearing down its console (Jansi) while the stop hook prints,
     * and a failed print must not keep the services, Keycloak and PostgreSQL from being stopped.
     */
    static void say(String line) {
        try {
            System.out.println(line);
            System.out.flush();
        } catch (RuntimeException consoleGone) {
            // nothing to do: the stop goes on
        }
    }
}
