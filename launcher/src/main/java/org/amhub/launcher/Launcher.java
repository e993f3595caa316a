package org.amhub.launcher;

import org.amhub.localinfra.LocalKafka;
import org.amhub.localinfra.LocalPostgres;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole system on one machine without Docker: a real PostgreSQL, a real Kafka broker (KRaft) and every
 * service that has been built, each service in its own JVM with its own database. Ctrl-C stops everything.
 */
public final class Launcher {

    /** A service of the system: its module directory, default port and the database it owns. */
    record Service(String module, int port, String database) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("hub-registry", setting("HUB_REGISTRY_PORT", 8081), "hub_registry"),
            new Service("matchmaker", setting("MATCHMAKER_PORT", 8082), "matchmaker"),
            new Service("notifications", setting("NOTIFICATIONS_PORT", 8083), "notifications"));

    private final Path root;
    private final Path runDir;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> infrastructure = new ArrayList<>();

    private Launcher(Path root) throws IOException {
        this.root = root;
        this.runDir = Files.createDirectories(root.resolve(".amhub/run"));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("amhub.root", ".")).toAbsolutePath().normalize();
        Launcher launcher = new Launcher(root);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launcher.stop();
            stopped.countDown();
        }, "amhub-launcher-stop"));
        try {
            launcher.start();
        } catch (Exception e) {
            System.err.println("\nThe system did not start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    private void start() throws Exception {
        List<Service> built = SERVICES.stream().filter(s -> Files.isRegularFile(jar(s))).toList();
        if (built.isEmpty()) {
            throw new IllegalStateException("No service is built; run `mvn -Prun -DskipTests package` from " + root);
        }
        say("Starting PostgreSQL ...");
        LocalPostgres postgres = LocalPostgres.start(setting("AMHUB_POSTGRES_PORT", 15432), null);
        infrastructure.add(0, postgres);
        say("Starting Kafka (KRaft) ...");
        LocalKafka kafka = LocalKafka.start(setting("KAFKA_PORT", 9092), null);
        infrastructure.add(0, kafka);

        String adminPassword = System.getenv().getOrDefault("AMHUB_ADMIN_PASSWORD", randomSecret());
        for (Service service : built) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("quarkus.http.port", Integer.toString(service.port()));
            config.put("quarkus.datasource.jdbc.url", postgres.createDatabase(service.database()));
            config.put("quarkus.datasource.username", LocalPostgres.USER);
            config.put("quarkus.datasource.password", "");
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            config.put("quarkus.security.users.embedded.users.admin", adminPassword);
            config.put("quarkus.security.users.embedded.roles.admin", "admin");
            if (service.module().equals("notifications")) {
                // No SMTP server is assumed locally: mails are written to the service log instead of sent.
                config.put("quarkus.mailer.mock", System.getenv().getOrDefault("AMHUB_MAIL_MOCK", "true"));
                config.put("amhub.notifications.dashboard-url", "http://localhost:" + port("matchmaker") + "/");
            }
            processes.add(launch(service, config));
        }
        say("Waiting for the services to be ready ...");
        for (Service service : built) {
            awaitReady(service);
        }
        StringBuilder banner = new StringBuilder("\n=== AMHUB collaboration network is up ===\n");
        for (Service service : built) {
            String base = "http://localhost:" + service.port();
            banner.append(String.format("  %-14s %s   (API docs: %s/q/swagger-ui, health: %s/q/health)%n",
                    service.module(), base, base, base));
        }
        if (built.stream().anyMatch(s -> s.module().equals("matchmaker"))) {
            banner.append("  dashboard      http://localhost:").append(port("matchmaker")).append("/\n");
        }
        banner.append("  Kafka          ").append(kafka.bootstrapServers()).append('\n');
        banner.append("  PostgreSQL     ").append(postgres.jdbcUrl("<service db>")).append(" (user postgres)\n");
        banner.append("  admin login    admin / ").append(adminPassword).append("   (set AMHUB_ADMIN_PASSWORD to choose)\n");
        banner.append("  service logs   ").append(runDir).append("/<service>/service.log\n");
        banner.append("Press Ctrl-C to stop everything.\n");
        say(banner.toString());
    }

    private Process launch(Service service, Map<String, String> config) throws IOException {
        Path dir = Files.createDirectories(runDir.resolve(service.module()).resolve("config"));
        Path properties = dir.resolve("application.properties");
        StringBuilder text = new StringBuilder("# Written by the launcher for this run; holds secrets, not committed.\n");
        config.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        Files.writeString(properties, text);
        Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-------"));
        Path workDir = dir.getParent();
        Path log = workDir.resolve("service.log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx512m", "-jar", jar(service).toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        say("  " + service.module() + " -> port " + service.port() + ", log " + log);
        return builder.start();
    }

    private void awaitReady(Service service) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://localhost:" + service.port() + "/q/health/ready");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(service.module() + " was not ready within 180 s; see "
                + runDir.resolve(service.module()).resolve("service.log"));
    }

    private void stop() {
        say("\nStopping ...");
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable closeable : infrastructure) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }
        say("Stopped.");
    }

    private Path jar(Service service) {
        return root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static int port(String module) {
        return SERVICES.stream().filter(s -> s.module().equals(module)).findFirst().orElseThrow().port();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int setting(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
