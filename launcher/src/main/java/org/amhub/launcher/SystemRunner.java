package org.amhub.launcher;

import org.amhub.localinfra.DataDirectories;
import org.amhub.localinfra.LocalKafka;
import org.amhub.localinfra.LocalPostgres;
import org.amhub.localinfra.OrphanProcesses;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system's parts on one machine: a durable PostgreSQL and Kafka broker (data under {@code .amhub/data/}) and
 * each built service in its own JVM with its own database. The launcher drives it for the local run; the chaos harness
 * drives it to kill, stop and restart parts one at a time.
 */
public final class SystemRunner implements AutoCloseable {

    /** A service of the system: its module directory, port and the database it owns (none for the console). */
    public record Service(String module, int port, String database) {
        public String baseUrl() {
            return "http://localhost:" + port;
        }

        /** The same service on another port (tests run the system on free ports beside a local run). */
        public Service onPort(int otherPort) {
            return new Service(module, otherPort, database);
        }

        public boolean hasDatabase() {
            return database != null;
        }
    }

    public static final List<Service> SERVICES = List.of(
            new Service("hub-registry", setting("HUB_REGISTRY_PORT", 8081), "hub_registry"),
            new Service("matchmaker", setting("MATCHMAKER_PORT", 8082), "matchmaker"),
            new Service("notifications", setting("NOTIFICATIONS_PORT", 8083), "notifications"),
            new Service("console", setting("CONSOLE_PORT", 8080), null));

    /** The services that own data and talk through Kafka (all but the console). */
    public static final List<Service> BACKEND = SERVICES.stream().filter(Service::hasDatabase).toList();

    private final Path root;
    private final Path runDir;
    private final Path dataDir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> serviceConfig = new LinkedHashMap<>();
    private final Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
    private LocalPostgres postgres;
    private LocalKafka kafka;

    /** @param dataDir where PostgreSQL and Kafka keep their data; kept across runs. */
    public SystemRunner(Path root, Path dataDir) throws IOException {
        this(root, dataDir, root.resolve(".amhub/run"));
    }

    /** @param runDir where each service gets its working directory, config and log. */
    public SystemRunner(Path root, Path dataDir, Path runDir) throws IOException {
        this.root = root;
        this.runDir = Files.createDirectories(runDir);
        this.dataDir = dataDir;
    }

    public static Path defaultDataDir(Path root) {
        return root.resolve(".amhub/data");
    }

    /** Deletes the data of earlier runs (PostgreSQL and Kafka); nothing may be running on it. */
    public static void resetData(Path dataDir) {
        DataDirectories.delete(dataDir);
    }

    public Path root() {
        return root;
    }

    public Path runDir() {
        return runDir;
    }

    // ---- infrastructure ----

    /** Starts PostgreSQL and Kafka with their data under the data directory; creates each service's database. */
    public void startInfrastructure() throws IOException {
        startInfrastructure(setting("AMHUB_POSTGRES_PORT", 15432), setting("KAFKA_PORT", 9092));
    }

    /** As {@link #startInfrastructure()} on the given ports (0: a free one). */
    public void startInfrastructure(int postgresPort, int kafkaPort) throws IOException {
        Files.createDirectories(dataDir);
        postgres = LocalPostgres.start(postgresPort, dataDir.resolve("postgres"));
        kafka = LocalKafka.start(kafkaPort, dataDir.resolve("kafka"));
        for (Service service : SERVICES) {
            if (service.hasDatabase()) {
                postgres.createDatabase(service.database());
            }
        }
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalKafka kafka() {
        return kafka;
    }

    // ---- services ----

    public List<Service> builtServices() {
        return SERVICES.stream().filter(s -> Files.isRegularFile(jar(s))).toList();
    }

    public static Service service(String module) {
        return SERVICES.stream().filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + module));
    }

    /** Sets the configuration a service starts with (written to its config/application.properties, 0600). */
    public void configure(Service service, Map<String, String> config) {
        serviceConfig.put(key(service), new LinkedHashMap<>(config));
    }

    /**
     * A service instance's name: the module for the instance on the module's own port, "module-port" for another one
     * (a second instance of the same service, on its own port and run directory).
     */
    static String key(Service service) {
        boolean primary = SERVICES.stream().anyMatch(s -> s.module().equals(service.module()) && s.port() == service.port());
        return primary ? service.module() : service.module() + "-" + service.port();
    }

    /**
     * The JVM options a service starts with, measured in docs/benchmarks.md ("Footprint"): the serial collector (one GC
     * thread, no region bookkeeping; pauses stay short on heaps this small), a small initial heap that grows on demand
     * and is given back after collections (the default initial heap is 1/64 of the machine's RAM, resident once
     * touched), a heap cap of about twice the live data measured after a benchmark run with 13 hubs (registry 23 MB,
     * matchmaker 30 MB; the matchmaker gets 128 MB because loading its embedding model at start needs ~100 MB for a
     * moment: 96 MB failed with OutOfMemoryError), and small thread stacks. Raise the matchmaker's cap for networks of thousands of hubs
     * ({@code AMHUB_JVM_OPTIONS_MATCHMAKER}; its scale benchmark had 240 MB of heap at 10,000 profiles). C2 stays on:
     * C1 alone ({@code -XX:TieredStopAtLevel=1}) started the services about 40% faster but halved read throughput.
     * Every 5 s the JVM hands the C heap's free memory back to the OS ({@code TrimNativeHeapInterval}, JDK 17.0.9 and
     * later; left out on a JVM without it): compilation and start-up free tens of megabytes that glibc would otherwise keep
     * resident (28 MB on the registry after a read load). The console, which does little work, runs C1 only: it starts
     * sooner and stays smaller.
     * Override for every service with {@code -Damhub.jvm-options="..."} or {@code AMHUB_JVM_OPTIONS}, or for one with
     * {@code -Damhub.jvm-options.<module>="..."} or {@code AMHUB_JVM_OPTIONS_<MODULE>} (upper case, '-' as '_').
     */
    public static List<String> defaultJvmOptions(String module) {
        String heap = module.equals("matchmaker") ? "-Xmx128m" : "-Xmx64m"; // loading the embedding model peaks near 100 MB
        List<String> options = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms16m", heap,
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:ReservedCodeCacheSize=64m"));
        if (TRIMS_NATIVE_HEAP) {
            options.add("-XX:TrimNativeHeapInterval=5000");
        }
        if (module.equals("console")) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        return List.copyOf(options);
    }

    /** Whether this JVM (the services run on the same one) has {@code -XX:TrimNativeHeapInterval}. */
    private static final boolean TRIMS_NATIVE_HEAP = hasVmOption("TrimNativeHeapInterval");

    private static boolean hasVmOption(String name) {
        try {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name);
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | NullPointerException absent) {
            return false;
        }
    }

    /**
     * glibc may create up to 8 malloc arenas per core, one per allocating thread; two are plenty for these services.
     * No measurable difference on the 2-core benchmark machine (docs/benchmarks.md); kept as a bound for larger ones.
     */
    static final String MALLOC_ARENA_MAX = "2";

    /** Sets a service's JVM options for this runner, over the settings and defaults (the benchmark compares sets). */
    public void jvmOptions(Service service, List<String> options) {
        jvmOptions.put(key(service), List.copyOf(options));
    }

    /** The JVM options a service starts with: set on this runner, else from the settings, else the defaults. */
    public List<String> jvmOptions(Service service) {
        List<String> set = jvmOptions.get(key(service));
        return set != null ? set : configuredJvmOptions(service.module());
    }

    static List<String> configuredJvmOptions(String module) {
        String suffix = module.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (String value : new String[]{System.getProperty("amhub.jvm-options." + module),
                System.getenv("AMHUB_JVM_OPTIONS_" + suffix), System.getProperty("amhub.jvm-options"),
                System.getenv("AMHUB_JVM_OPTIONS")}) {
            if (value != null && !value.isBlank()) {
                return List.of(value.strip().split("\\s+"));
            }
        }
        return defaultJvmOptions(module);
    }

    /** The configuration every service needs to reach PostgreSQL and Kafka, plus its port. */
    public Map<String, String> baseConfig(Service service) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", Integer.toString(service.port()));
        if (service.hasDatabase()) {
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(service.database()));
            config.put("quarkus.datasource.username", LocalPostgres.USER);
            config.put("quarkus.datasource.password", "");
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        }
        // The packaged services run their prod profile, which logs JSON lines for collectors; the local run's logs are
        // read by people (.amhub/run/<service>/service.log), so they stay plain text, trace ids included.
        config.put("quarkus.log.console.json.enabled", "false");
        return config;
    }

    /** Starts the service's JVM (after stopping one that an earlier, killed run left behind). */
    public synchronized void startService(Service service) throws IOException {
        Process running = processes.get(key(service));
        if (running != null && running.isAlive()) {
            return;
        }
        Path workDir = Files.createDirectories(runDir.resolve(key(service)));
        stopOrphan(workDir.resolve("pid"));
        Path configDir = Files.createDirectories(workDir.resolve("config"));
        Path properties = configDir.resolve("application.properties");
        StringBuilder text = new StringBuilder("# Written by the launcher for this run; holds secrets, not committed.\n");
        serviceConfig.getOrDefault(key(service), baseConfig(service))
                .forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        Files.writeString(properties, text);
        Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-------"));
        Path log = workDir.resolve("service.log");
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions(service));
        command.add("-jar");
        command.add(jar(service).toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
        Process process = builder.start();
        Files.writeString(workDir.resolve("pid"), Long.toString(process.pid()));
        processes.put(key(service), process);
    }

    /** Stops a service gracefully (SIGTERM), forcibly after 20 s. */
    public synchronized void stopService(Service service) {
        Process process = processes.remove(key(service));
        if (process != null) {
            process.destroy();
            awaitExit(process, 20);
        }
    }

    /** Kills a service at once (SIGKILL, as {@code kill -9}): no shutdown hook, no graceful close. */
    public synchronized void killService(Service service) {
        Process process = processes.remove(key(service));
        if (process != null) {
            process.destroyForcibly();
            awaitExit(process, 20);
        }
    }

    public Optional<Process> process(Service service) {
        return Optional.ofNullable(processes.get(key(service)));
    }

    /** Waits until the service's readiness check answers 200. */
    public void awaitReady(Service service, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create(service.baseUrl() + "/q/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Process process = processes.get(key(service));
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with " + process.exitValue() + "; see "
                        + runDir.resolve(key(service)).resolve("service.log"));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service.module() + " was not ready within " + timeout.toSeconds() + " s; see "
                + runDir.resolve(service.module()).resolve("service.log"));
    }

    /** Stops the services (gracefully, all at once), then Kafka, then PostgreSQL. */
    @Override
    public synchronized void close() {
        List<Process> running = new ArrayList<>(processes.values());
        running.forEach(Process::destroy);
        running.forEach(process -> awaitExit(process, 20));
        processes.clear();
        List<Runnable> steps = new ArrayList<>();
        if (kafka != null) {
            steps.add(kafka::close);
        }
        if (postgres != null) {
            steps.add(postgres::close);
        }
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }
    }

    private Path jar(Service service) {
        return root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static void awaitExit(Process process, int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A service JVM left running by a launcher that was killed holds the port: stop it before starting anew. */
    private static void stopOrphan(Path pidFile) {
        if (OrphanProcesses.stop(pidFile, "quarkus-run.jar", Duration.ofSeconds(20))) {
            System.err.println("Stopped a service left running by an earlier run (" + pidFile + ")");
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int setting(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }
}
