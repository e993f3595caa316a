package org.amhub.launcher;

import org.amhub.launcher.SystemRunner.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system on one machine without Docker: a real PostgreSQL, a real Kafka broker (KRaft) and every
 * service that has been built, each service in its own JVM with its own database. Ctrl-C (or SIGTERM) stops
 * everything; data and generated secrets stay under {@code .amhub/} for the next run.
 * <ul>
 *   <li>{@code -Damhub.reset=true} or {@code AMHUB_RESET=1}: start from empty data (PostgreSQL and Kafka).</li>
 *   <li>{@code -Damhub.only=infra} or {@code AMHUB_ONLY=infra}: PostgreSQL and Kafka only, for {@code quarkus:dev}.</li>
 * </ul>
 */
public final class Launcher {

    private final SystemRunner system;
    private final Path secretsFile;

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
        Launcher launcher = new Launcher(system, root.resolve(".amhub/secrets.properties"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("\nStopping ...");
            system.close();
            say("Stopped; data kept in " + dataDir + " (start with -Damhub.reset=true to start empty).");
            stopped.countDown();
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
            throw new IllegalStateException("No service is built; run `mvn -Prun -DskipTests package` from " + system.root());
        }
        say("Starting PostgreSQL and Kafka (KRaft), data in " + dataDir + " ...");
        system.startInfrastructure();
        String adminPassword = adminPassword();
        for (Service service : built) {
            Map<String, String> config = system.baseConfig(service);
            config.put("quarkus.security.users.embedded.users.admin", adminPassword);
            config.put("quarkus.security.users.embedded.roles.admin", "admin");
            if (service.module().equals("notifications")) {
                // No SMTP server is assumed locally: mails are written to the service log instead of sent.
                config.put("quarkus.mailer.mock", System.getenv().getOrDefault("AMHUB_MAIL_MOCK", "true"));
                config.put("amhub.notifications.dashboard-url", SystemRunner.service("matchmaker").baseUrl() + "/");
            }
            system.configure(service, config);
            system.startService(service);
            say("  " + service.module() + " -> port " + service.port() + ", log "
                    + system.runDir().resolve(service.module()).resolve("service.log"));
        }
        say("Waiting for the services to be ready ...");
        for (Service service : built) {
            system.awaitReady(service, Duration.ofSeconds(180));
        }
        StringBuilder banner = new StringBuilder("\n=== AMHUB collaboration network is up ===\n");
        for (Service service : built) {
            String base = service.baseUrl();
            banner.append(String.format("  %-14s %s   (API docs: %s/q/swagger-ui, health: %s/q/health)%n",
                    service.module(), base, base, base));
        }
        if (built.stream().anyMatch(s -> s.module().equals("matchmaker"))) {
            banner.append("  dashboard      ").append(SystemRunner.service("matchmaker").baseUrl()).append("/\n");
        }
        appendInfrastructure(banner);
        banner.append("  admin login    admin / ").append(adminPassword)
                .append("   (kept in ").append(secretsFile).append("; AMHUB_ADMIN_PASSWORD overrides)\n");
        banner.append("  service logs   ").append(system.runDir()).append("/<service>/service.log\n");
        banner.append("Press Ctrl-C to stop everything; data is kept (-Damhub.reset=true starts empty).\n");
        say(banner.toString());
    }

    private void startInfrastructureOnly(Path dataDir) throws Exception {
        say("Starting PostgreSQL and Kafka (KRaft) only, data in " + dataDir + " ...");
        system.startInfrastructure();
        StringBuilder banner = new StringBuilder("\n=== AMHUB infrastructure is up (no services) ===\n");
        appendInfrastructure(banner);
        banner.append("  databases      ");
        banner.append(String.join(", ", SystemRunner.SERVICES.stream().map(Service::database).toList())).append('\n');
        banner.append("Each service's %dev profile points here; in another terminal run for example\n")
                .append("  mvn -pl hub-registry quarkus:dev\n")
                .append("Settings (already the %dev defaults):\n");
        for (Service service : SystemRunner.SERVICES) {
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

    /**
     * The admin password: {@code AMHUB_ADMIN_PASSWORD} if set, otherwise the one generated on the first run and kept in
     * {@code .amhub/secrets.properties} (0600), so that restarts keep working with the same login.
     */
    private String adminPassword() throws IOException {
        String fromEnv = System.getenv("AMHUB_ADMIN_PASSWORD");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Properties secrets = new Properties();
        if (Files.isRegularFile(secretsFile)) {
            try (InputStream in = Files.newInputStream(secretsFile)) {
                secrets.load(in);
            }
        }
        String password = secrets.getProperty("admin.password");
        if (password == null || password.isBlank()) {
            password = randomSecret();
            secrets.setProperty("admin.password", password);
            Files.createDirectories(secretsFile.getParent());
            if (!Files.exists(secretsFile)) {
                Files.createFile(secretsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = Files.newOutputStream(secretsFile)) {
                secrets.store(out, "Generated by the AMHUB launcher on first run; keep private");
            }
        }
        Files.setPosixFilePermissions(secretsFile, PosixFilePermissions.fromString("rw-------"));
        return password;
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

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
