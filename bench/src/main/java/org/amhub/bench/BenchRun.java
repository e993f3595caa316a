package org.amhub.bench;

import org.amhub.launcher.HubRequests;
import org.amhub.launcher.HarnessToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.amhub.launcher.SystemRunner;
import org.amhub.launcher.SystemRunner.Service;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end benchmark: starts the whole system from the packaged jars on free ports (data under
 * {@code bench/target/bench/}), then measures each hop of a profile change on its way to a hub's live feed:
 * <ol>
 *     <li>registry: the PUT sent → the {@code amhub.hub-profiles.v1} record (its timestamp: the registry relay's send)</li>
 *     <li>matchmaker: that record → the {@code amhub.match-suggestions.v1} record quoting the change (the matchmaker
 *     stored the suggestion, committed and its relay sent it)</li>
 *     <li>notifications: that record → the feed item's {@code createdAt} (stored)</li>
 *     <li>live feed: stored → the SSE client (this JVM) read the item</li>
 * </ol>
 * Each change adds a need with a unique marker ({@code bench#N#}) in a topic another hub offers, so the suggestion it
 * causes quotes the marker, and so does the feed item. All clocks are this machine's. Then the change rate is stepped up
 * to find where p99 crosses 1 s, public reads are loaded beside a static endpoint, and each service's start time and
 * resident memory are read. Results go to stdout and to {@code docs/benchmarks.md} between markers.
 */
public final class BenchRun {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("bench#(\\d+)#");
    private static final String PROFILES = "amhub.hub-profiles.v1";
    private static final String SUGGESTIONS = "amhub.match-suggestions.v1";

    private final Path root;
    private final Path base;
    private final SystemRunner system;
    private final HarnessToken token = new HarnessToken("bench");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, StartInfo> starts = new LinkedHashMap<>();
    private final List<String> hubs = new ArrayList<>();
    private final Map<String, HubState> hubState = new ConcurrentHashMap<>();
    private final Map<Integer, Change> changes = new ConcurrentHashMap<>();
    private final List<String> report = new ArrayList<>();
    private volatile boolean stopping;
    /** When the Kafka listener or a stream last saw anything (epoch ms). */
    private volatile double lastActivity;
    private int nextChange;
    /** The matchmaker's own timers read right after the measured phase. */
    private String matchmakerTimes = "";
    /** CPU per change of each process in the warm-up and measured phases (ms), and what the warm-up gave end to end. */
    private final Map<String, double[]> cpuPerChange = new LinkedHashMap<>();
    private String warmUpSummary = "";
    /** Change id by the W3C trace id its PUT carried; the services pass the trace on through the outbox and Kafka. */
    private final Map<String, Change> byTrace = new ConcurrentHashMap<>();
    /** Change id by the suggestion (match id and version) it caused, so the feed item made from it is its own. */
    private final Map<String, Change> bySuggestion = new HashMap<>();
    /** Feed items read before the harness saw the suggestion record they came from: {received, stored} by match#version. */
    private final Map<String, double[]> unattributedItems = new HashMap<>();

    private final int measured = Integer.getInteger("bench.changes", 1000);
    /** 900: on two cores the services' JIT compilers take the first 600–700 changes at 10/s (docs/benchmarks.md). */
    private final int warmUpChanges = Integer.getInteger("bench.warm-up", 900);
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "10"));
    private final String steps = System.getProperty("bench.steps", "20,40,80,160");
    private final int readThreads = Integer.getInteger("bench.read-threads", 8);
    private final Duration readDuration = Duration.ofSeconds(Long.getLong("bench.read-seconds", 8));
    private final String label = System.getProperty("bench.label", "");

    /** One change and when each hop saw it (epoch milliseconds, fractional; NaN until seen). */
    static final class Change {
        final int id;
        final String hub;
        volatile double sent = Double.NaN;
        volatile double acknowledged = Double.NaN;
        volatile double profile = Double.NaN;
        volatile double suggestion = Double.NaN;
        volatile double stored = Double.NaN;
        volatile double received = Double.NaN;

        Change(int id, String hub) {
            this.id = id;
            this.hub = hub;
        }

        /** The trace id its PUT starts (32 hex digits, from the change id: unique within a run). */
        String traceId() {
            return String.format("%032x", 0xbe0c_0000_0000L + id);
        }
    }

    record StartInfo(double readyAfterSeconds, String quarkusSays, List<String> jvmOptions, long pid) {
    }

    /** A hub's current profile as the registry's PUT takes it, with the ETag to send back. */
    static final class HubState {
        String id;
        ObjectNode request;
        String etag;
        final List<String> topics = new ArrayList<>();
    }

    private BenchRun(Path root) throws IOException {
        this.root = root;
        this.base = root.resolve("bench/target/bench");
        // One run at a time: a second one would delete the first one's data under it
        Files.createDirectories(base.getParent());
        java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(base.getParent().resolve("bench.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        if (lockFile.tryLock() == null) {
            throw new IllegalStateException("Another benchmark run is using " + base);
        }
        SystemRunner.resetData(base);
        this.system = new SystemRunner(root, base.resolve("data"), base.resolve("run"));
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path root = Path.of(System.getProperty("amhub.root", ".")).toAbsolutePath().normalize();
        if ("scale".equals(System.getProperty("bench.mode"))) {
            int exit = 0;
            try {
                new ScaleRun(root).run();
            } catch (Exception e) {
                e.printStackTrace();
                exit = 1;
            }
            System.exit(exit);
        }
        BenchRun run = new BenchRun(root);
        int exit = 0;
        try {
            run.run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            run.stopping = true;
            run.system.close();
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        Instant began = Instant.now();
        String loadBefore = loadAverage();
        say("Load average at start: " + loadBefore);
        system.startInfrastructure(0, 0);
        startServices();
        loadHubs();
        openStreams();
        startKafkaListener();

        say("Warm-up: " + warmUpChanges + " changes at " + rate + "/s");
        Map<String, Double> cpuBefore = cpuSeconds();
        Phase warmUp = drive(warmUpChanges, rate);
        warmUpSummary = warmUp.summary();
        say("  " + warmUpSummary);
        Map<String, Double> cpuWarm = cpuSeconds();
        say("Measured: " + measured + " changes at " + rate + "/s");
        Phase main = drive(measured, rate);
        say("  " + main.summary());
        Map<String, Double> cpuMain = cpuSeconds();
        cpuMain.forEach((name, seconds) -> cpuPerChange.put(name, new double[]{
                perChange(cpuWarm.get(name), cpuBefore.get(name), warmUpChanges), perChange(seconds, cpuWarm.get(name), measured)}));
        cpuPerChange.forEach((name, ms) -> say(String.format("  CPU per change, %-40s warm-up %s ms, measured %s ms", name,
                Double.isNaN(ms[0]) ? "—" : String.format("%.1f", ms[0]), String.format("%.1f", ms[1]))));
        writeSamples(main);
        matchmakerTimes = serviceQuantiles("matchmaker", "amhub_matchmaker_scoring_seconds", 1000)
                + "; records per transaction " + serviceQuantiles("matchmaker", "amhub_matchmaker_batch_records", 1);
        say("  matchmaker, per transaction: " + matchmakerTimes);
        String loadMain = loadAverage();

        List<Phase> stepped = new ArrayList<>();
        double sustained = main.total.p99() < 1000 ? rate : 0;
        for (String step : steps.split(",")) {
            double r = Double.parseDouble(step.strip());
            int count = (int) Math.max(200, r * 15);
            say("Rate step: " + count + " changes at " + r + "/s");
            Phase phase = drive(count, r);
            say("  " + phase.summary());
            stepped.add(phase);
            if (phase.total.p99() < 1000 && phase.complete() > 0) {
                sustained = r;
            } else {
                break;
            }
        }

        say("Reads (" + readThreads + " threads, " + readDuration.toSeconds() + " s each)");
        List<ReadLoad.Result> reads = reads();
        String loadEnd = loadAverage();

        Map<String, Long> rss = new LinkedHashMap<>();
        for (Map.Entry<String, Service> entry : services.entrySet()) {
            system.process(entry.getValue()).ifPresent(p -> rss.put(entry.getKey(), rssKiB(p.pid())));
        }
        restartTogether();
        write(began, loadBefore, loadMain, loadEnd, main, stepped, sustained, reads, rss);
    }

    /**
     * User + system CPU time of each service's JVM so far, and of this JVM (the harness's clients and the in-process Kafka
     * broker); PostgreSQL's processes are not counted.
     */
    private Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        services.forEach((module, service) -> system.process(service).flatMap(p -> p.info().totalCpuDuration())
                .ifPresent(d -> cpu.put(module, d.toNanos() / 1e9)));
        ProcessHandle.current().info().totalCpuDuration().ifPresent(d -> cpu.put("harness (clients, Kafka broker)", d.toNanos() / 1e9));
        return cpu;
    }

    private static double perChange(Double after, Double before, int changes) {
        return after == null || before == null || changes == 0 ? Double.NaN : (after - before) * 1000 / changes;
    }

    // ---- system ----

    private void startServices() throws Exception {
        String webhookKey = randomKey();
        List<Service> toStart = new ArrayList<>(SystemRunner.BACKEND);
        system.builtServices().stream().filter(s -> !s.hasDatabase()).forEach(toStart::add);
        for (Service module : toStart) {
            services.put(module.module(), module.onPort(freePort()));
        }
        for (Service module : toStart) {
            Service service = services.get(module.module());
            Map<String, String> config = system.baseConfig(service);
            config.putAll(token.serviceConfig());
            config.put("amhub.rate-limit.enabled", "false"); // one client sends every change
            switch (module.module()) {
                case "notifications" -> {
                    config.put("quarkus.mailer.mock", "true");
                    config.put("amhub.webhooks.secret-key", webhookKey);
                    config.put("amhub.unsubscribe.key", randomKey());
                }
                case "console" -> {
                    // No identity provider in the benchmark: the console starts, its sign-in is not exercised
                    config.put("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + freePort() + "/realms/amhub");
                    config.put("quarkus.oidc.credentials.secret", "bench");
                    for (Service other : SystemRunner.BACKEND) {
                        config.put("quarkus.rest-client." + other.module() + ".url", services.get(other.module()).baseUrl());
                    }
                }
                default -> {
                }
            }
            system.configure(service, config);
            // Each service starts alone (the ones before it idle), so its start time is its own
            long spawned = System.nanoTime();
            system.startService(service);
            long pid = system.process(service).orElseThrow().pid();
            try {
                awaitReady(service, Duration.ofSeconds(180));
            } catch (IllegalStateException e) {
                if (module.hasDatabase()) {
                    throw e;
                }
                say("  " + module.module() + " did not become ready (" + e.getMessage() + "); not measured");
                system.stopService(service);
                services.remove(module.module());
                continue;
            }
            double seconds = (System.nanoTime() - spawned) / 1e9;
            StartInfo info = new StartInfo(seconds, quarkusStartedIn(service), system.jvmOptions(service), pid);
            starts.put(module.module(), info);
            say(String.format("  %-14s ready after %.2f s (Quarkus: %s), %s", module.module(), seconds, info.quarkusSays(),
                    String.join(" ", info.jvmOptions())));
        }
    }

    /**
     * The whole system's start as the launcher does it: every service stopped, then all spawned at once (on the data
     * the run left) and timed until the last answers ready. PostgreSQL and Kafka keep running.
     */
    private void restartTogether() throws Exception {
        say("Whole system: stopping every service, then starting them all at once");
        for (Service service : services.values()) {
            system.stopService(service);
        }
        long spawned = System.nanoTime();
        for (Service service : services.values()) {
            system.startService(service);
        }
        for (Service service : services.values()) {
            awaitReady(service, Duration.ofSeconds(180));
        }
        wholeSystemSeconds = (System.nanoTime() - spawned) / 1e9;
        say(String.format("  all %d services ready %.2f s after they were spawned together", services.size(), wholeSystemSeconds));
    }

    private double wholeSystemSeconds = Double.NaN;

    private void awaitReady(Service service, Duration timeout) throws InterruptedException {
        URI ready = URI.create(service.baseUrl() + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process process = system.process(service).orElseThrow();
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(service.module() + " was not ready within " + timeout.toSeconds() + " s");
    }

    private String quarkusStartedIn(Service service) {
        Path log = base.resolve("run").resolve(service.module() + "-" + service.port()).resolve("service.log");
        try {
            Matcher m = Pattern.compile("started in ([0-9.]+s)").matcher(Files.readString(log));
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- workload ----

    private void loadHubs() throws Exception {
        JsonNode page = JSON.nullNode();
        for (int i = 0; i < 200; i++) {
            page = get(url("hub-registry", "/api/hubs?size=100"));
            if (page.path("items").size() >= 13) {
                break;
            }
            Thread.sleep(250);
        }
        Map<String, Set<String>> offers = new LinkedHashMap<>();
        for (JsonNode hub : page.path("items")) {
            String slug = hub.path("slug").asText();
            hubs.add(slug);
            Set<String> own = new HashSet<>();
            hub.path("capabilities").forEach(c -> own.add(c.path("topic").asText()));
            offers.put(slug, own);
        }
        for (JsonNode hub : page.path("items")) {
            String slug = hub.path("slug").asText();
            HubState state = new HubState();
            state.id = hub.path("id").asText();
            HttpResponse<String> current = send(HttpRequest.newBuilder(URI.create(url("hub-registry", "/api/hubs/" + state.id))).GET());
            state.request = HubRequests.toRequest(JSON.readTree(current.body()));
            state.etag = current.headers().firstValue("ETag").orElseThrow();
            Set<String> needed = new HashSet<>();
            hub.path("needs").forEach(n -> needed.add(n.path("topic").asText()));
            Set<String> candidates = new TreeSet<>();
            offers.forEach((other, topics) -> {
                if (!other.equals(slug)) {
                    topics.stream().filter(t -> !needed.contains(t) && !offers.get(slug).contains(t)).forEach(candidates::add);
                }
            });
            state.topics.addAll(candidates);
            hubState.put(slug, state);
        }
        say("Hubs: " + hubs.size());
    }

    /** One SSE stream per hub, as an admin; each line with a marker stamps its change as received. */
    private void openStreams() throws Exception {
        for (String hub : hubs) {
            URI stream = URI.create(url("notifications", "/api/hubs/" + hub + "/notifications/stream"));
            HttpResponse<InputStream> response = null;
            for (int i = 0; i < 240; i++) { // notifications learns the hubs from the profile topic
                response = http.send(HttpRequest.newBuilder(stream).header("Authorization", "Bearer " + token.token())
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    break;
                }
                response.body().close();
                Thread.sleep(250);
            }
            if (response == null || response.statusCode() != 200) {
                throw new IllegalStateException("No stream for " + hub);
            }
            InputStream body = response.body();
            Thread reader = new Thread(() -> readStream(body), "sse-" + hub);
            reader.setDaemon(true);
            reader.start();
        }
        say("Streams open: " + hubs.size());
    }

    /**
     * Which change a record belongs to. A record whose {@code traceparent} header carries a change's trace id was
     * caused by that change's PUT; the marker alone is not enough, since a later change of another hub can announce a
     * pair whose explanation still quotes an earlier change's need. Without trace headers (tracing off) the marker is
     * used.
     */
    private void attribute(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        Change change = null;
        if (header != null) {
            String[] parts = new String(header.value(), StandardCharsets.US_ASCII).split("-");
            change = parts.length > 1 ? byTrace.get(parts[1]) : null;
            if (change == null) {
                return; // another trace: not caused by a change (a start-up load, a consortium refresh)
            }
        }
        Matcher m = MARKER.matcher(record.value());
        while (change == null && m.find()) {
            change = changes.get(Integer.parseInt(m.group(1)));
        }
        if (change == null) {
            return;
        }
        if (record.topic().equals(PROFILES) && Double.isNaN(change.profile)) {
            change.profile = record.timestamp();
        } else if (record.topic().equals(SUGGESTIONS)) {
            if (Double.isNaN(change.suggestion)) {
                change.suggestion = record.timestamp();
            }
            try {
                JsonNode event = JSON.readTree(record.value());
                String suggestion = event.path("matchId").asText() + "#" + event.path("suggestionVersion").asLong();
                synchronized (bySuggestion) {
                    bySuggestion.putIfAbsent(suggestion, change);
                    double[] item = unattributedItems.remove(suggestion);
                    if (item != null) {
                        received(bySuggestion.get(suggestion), item[0], item[1]);
                    }
                }
            } catch (IOException unreadable) {
                // not a suggestion event: nothing to attribute
            }
        }
    }

    private static void received(Change change, double received, double stored) {
        if (Double.isNaN(change.received)) {
            change.received = received;
            change.stored = stored;
        }
    }

    private void readStream(InputStream body) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                double now = now();
                lastActivity = now;
                JsonNode item = JSON.readTree(line.substring(5));
                // The suggestion record this item was made from decides which change it belongs to
                String suggestion = item.path("matchId").asText() + "#" + item.path("suggestionVersion").asLong();
                double stored = epochMillis(item.path("createdAt"));
                synchronized (bySuggestion) {
                    Change change = bySuggestion.get(suggestion);
                    if (change != null) {
                        received(change, now, stored);
                    } else {
                        unattributedItems.put(suggestion, new double[]{now, stored});
                    }
                }
            }
        } catch (IOException e) {
            if (!stopping) {
                say("A stream ended: " + e.getMessage());
            }
        }
    }

    private void startKafkaListener() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka().bootstrapServers());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(PROFILES, SUGGESTIONS)) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (!stopping) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        lastActivity = now();
                        if (record.value() != null) {
                            attribute(record);
                        }
                    }
                }
            }
        }, "kafka-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends {@code count} changes at {@code perSecond} (open loop: on schedule, whatever the answers), then waits. */
    private Phase drive(int count, double perSecond) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<Change> phase = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int id = nextChange++;
            Change change = new Change(id, hubs.get(id % hubs.size()));
            changes.put(id, change);
            byTrace.put(change.traceId(), change);
            phase.add(change);
            senders.execute(() -> change(change));
        }
        double achieved = count / ((System.nanoTime() - start) / 1e9);
        senders.shutdown();
        senders.awaitTermination(2, TimeUnit.MINUTES);
        // Wait until the system is quiet: no record on either topic and no feed item for 3 s (at most 3 minutes)
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && now() - lastActivity < 3000) {
            Thread.sleep(200);
        }
        return new Phase(perSecond, achieved, phase);
    }

    /**
     * Every change of the measured phase with the time each hop saw it (ms after the phase's first PUT; empty: never
     * seen), so a tail can be told apart as one stall of the machine or a steady queue.
     */
    private void writeSamples(Phase phase) throws IOException {
        double origin = phase.changes.isEmpty() ? 0 : phase.changes.get(0).sent;
        StringBuilder csv = new StringBuilder("change,hub,sent,acknowledged,profile_record,suggestion_record,feed_stored,sse_received\n");
        for (Change c : phase.changes) {
            csv.append(c.id).append(',').append(c.hub);
            for (double t : new double[]{c.sent, c.acknowledged, c.profile, c.suggestion, c.stored, c.received}) {
                csv.append(',').append(Double.isNaN(t) ? "" : String.format(java.util.Locale.ROOT, "%.1f", t - origin));
            }
            csv.append('\n');
        }
        Files.createDirectories(base);
        Path file = base.resolve("changes.csv");
        Files.writeString(file, csv);
        say("Per-change samples: " + file.toAbsolutePath());
    }

    /** p50 / p99 of a Micrometer summary or timer from a service's {@code /q/metrics}, times {@code scale}. */
    private String serviceQuantiles(String module, String name, double scale) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(url(module, "/q/metrics"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, String> quantiles = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                Matcher m = Pattern.compile(Pattern.quote(name) + "\\{.*quantile=\"([0-9.]+)\".*\\} ([0-9.eE+-]+)").matcher(line);
                if (m.find()) {
                    String value = line.split(" # ")[0];
                    double v = Double.parseDouble(value.substring(value.lastIndexOf(' ') + 1)) * scale;
                    quantiles.put(m.group(1), String.format(java.util.Locale.ROOT, "%.1f", v));
                }
            }
            return "p50 " + quantiles.getOrDefault("0.5", "?") + ", p99 " + quantiles.getOrDefault("0.99", "?")
                    + (scale == 1000 ? " ms" : "");
        } catch (Exception e) {
            return "not read (" + e.getMessage() + ")";
        }
    }

    /** Adds the change's need (a topic another hub offers, with its marker) and drops the hub's previous one. */
    private void change(Change change) {
        HubState state = hubState.get(change.hub);
        synchronized (state) {
            try {
                ArrayNode needs = (ArrayNode) state.request.get("needs");
                for (int i = needs.size() - 1; i >= 0; i--) {
                    if (needs.get(i).path("text").asText().contains("bench#")) {
                        needs.remove(i);
                    }
                }
                String topic = state.topics.get((change.id / hubs.size()) % state.topics.size());
                ObjectNode need = needs.addObject();
                need.put("topic", topic);
                need.put("text", "looking for partners in " + topic + " bench#" + change.id + "#");
                need.put("evidence", "benchmark");
                change.sent = now();
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("hub-registry", "/api/hubs/" + state.id)))
                        .header("Content-Type", "application/json").header("If-Match", state.etag)
                        .header("traceparent", "00-" + change.traceId() + "-" + String.format("%016x", change.id + 1L) + "-01")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(state.request))));
                change.acknowledged = now();
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("PUT " + change.hub + ": " + response.statusCode() + " " + response.body());
                }
                state.etag = response.headers().firstValue("ETag").orElseThrow();
                state.request = HubRequests.toRequest(JSON.readTree(response.body()));
            } catch (Exception e) {
                say("Change " + change.id + " failed: " + e.getMessage());
                try { // read the hub again to go on from its current state
                    HttpResponse<String> current = send(HttpRequest.newBuilder(URI.create(url("hub-registry", "/api/hubs/" + state.id))).GET());
                    state.request = HubRequests.toRequest(JSON.readTree(current.body()));
                    state.etag = current.headers().firstValue("ETag").orElseThrow();
                } catch (Exception ignored) {
                    // the next change reports it again
                }
            }
        }
    }

    /** The hops of the changes of one phase. */
    static final class Phase {
        final double rate;
        final double achieved;
        final int count;
        final List<Change> changes;
        final Stats put = new Stats();
        final Stats registry = new Stats();
        final Stats matchmaker = new Stats();
        final Stats notifications = new Stats();
        final Stats feed = new Stats();
        final Stats total = new Stats();
        int profiles;
        int suggestions;
        int received;

        Phase(double rate, double achieved, List<Change> changes) {
            this.rate = rate;
            this.achieved = achieved;
            this.count = changes.size();
            this.changes = changes;
            for (Change c : changes) {
                if (!Double.isNaN(c.acknowledged)) {
                    put.add(c.acknowledged - c.sent);
                }
                if (!Double.isNaN(c.profile)) {
                    profiles++;
                }
                if (!Double.isNaN(c.suggestion)) {
                    suggestions++;
                }
                if (Double.isNaN(c.profile) || Double.isNaN(c.suggestion) || Double.isNaN(c.stored) || Double.isNaN(c.received)) {
                    continue;
                }
                received++;
                registry.add(c.profile - c.sent);
                matchmaker.add(c.suggestion - c.profile);
                notifications.add(c.stored - c.suggestion);
                feed.add(c.received - c.stored);
                total.add(c.received - c.sent);
            }
        }

        int withSuggestion() {
            return suggestions;
        }

        int complete() {
            return received;
        }

        String summary() {
            return String.format("%d changes (%.1f/s achieved): %d on Kafka, %d made a suggestion, %d reached the feed; "
                            + "end to end p50 %s ms, p99 %s ms, max %s ms", count, achieved, profiles, suggestions, received,
                    Stats.ms(total.p50()), Stats.ms(total.p99()), Stats.ms(total.max()));
        }
    }

    // ---- reads ----

    private List<ReadLoad.Result> reads() throws Exception {
        ReadLoad load = new ReadLoad();
        List<ReadLoad.Result> results = new ArrayList<>();
        String ulsan = hubState.get(hubs.contains("ulsan") ? "ulsan" : hubs.get(0)).id;
        String hubUrl = url("hub-registry", "/api/hubs/" + ulsan);
        String etag = http.send(HttpRequest.newBuilder(URI.create(hubUrl)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("ETag").orElse("\"none\"");
        String matchesUrl = url("matchmaker", "/api/matches?hub=ulsan&limit=10");
        HttpResponse<Void> matches = http.send(HttpRequest.newBuilder(URI.create(matchesUrl)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String matchesTag = matches.headers().firstValue("ETag").orElse(null);
        record Case(String label, String url, Map<String, String> headers, int status) {
        }
        List<Case> cases = new ArrayList<>(List.of(
                new Case("registry `/q/health/live` (static)", url("hub-registry", "/q/health/live"), Map.of(), 200),
                new Case("registry `GET /api/hubs`", url("hub-registry", "/api/hubs"), Map.of(), 200),
                new Case("registry `GET /api/hubs/{id}`", hubUrl, Map.of(), 200),
                new Case("registry `GET /api/hubs/{id}` + `If-None-Match`", hubUrl, Map.of("If-None-Match", etag), 304),
                new Case("matchmaker `/q/health/live` (static)", url("matchmaker", "/q/health/live"), Map.of(), 200),
                new Case("matchmaker `GET /api/matches?hub=ulsan&limit=10`", matchesUrl, Map.of(), 200),
                new Case("matchmaker `GET /api/consortia`", url("matchmaker", "/api/consortia"), Map.of(), 200)));
        if (matchesTag != null) {
            cases.add(6, new Case("matchmaker `GET /api/matches?…` + `If-None-Match`", matchesUrl, Map.of("If-None-Match", matchesTag), 304));
        }
        for (Case c : cases) {
            ReadLoad.Result r = load.run(c.label(), c.url(), c.headers(), c.status(), readThreads, Duration.ofSeconds(2), readDuration);
            say(String.format("  %-55s %8.0f req/s  p50 %s ms  p99 %s ms  %d unexpected", r.label(), r.perSecond(),
                    Stats.ms(r.p50()), Stats.ms(r.p99()), r.unexpected()));
            results.add(r);
        }
        return results;
    }

    // ---- report ----

    private void write(Instant began, String loadBefore, String loadMain, String loadEnd, Phase main, List<Phase> stepped,
                       double sustained, List<ReadLoad.Result> reads, Map<String, Long> rss) throws IOException {
        StringBuilder out = new StringBuilder();
        String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(began);
        out.append(String.format("Run of %s%s: %d cores, %d MiB RAM, Java %s; load average (1/5/15 min) at start %s, "
                        + "after the measured phase %s, at the end %s. Settings: `-Dbench.changes=%d -Dbench.warm-up=%d -Dbench.rate=%s "
                        + "-Dbench.steps=%s -Dbench.read-threads=%d -Dbench.read-seconds=%d`.%n%n",
                when, label.isBlank() ? "" : " (" + label + ")", Runtime.getRuntime().availableProcessors(), memTotalMiB(),
                System.getProperty("java.version"), loadBefore, loadMain, loadEnd, measured, warmUpChanges, fmt(rate), steps, readThreads,
                readDuration.toSeconds()));
        out.append(String.format("**Per hop, %d changes at %s/s** (%s); ms:%n%n", main.count, fmt(main.rate), main.summary()));
        out.append("| hop | p50 | p99 | max |\n| --- | --- | --- | --- |\n");
        row(out, "PUT answered (registry commit, seen by the client)", main.put);
        row(out, "registry: PUT sent → `amhub.hub-profiles.v1` record", main.registry);
        row(out, "matchmaker: profile record → `amhub.match-suggestions.v1` record", main.matchmaker);
        row(out, "notifications: suggestion record → feed item stored", main.notifications);
        row(out, "live feed: stored → SSE client received", main.feed);
        row(out, "**end to end: PUT sent → SSE item received**", main.total);
        out.append("\nInside the matchmaker hop, its own timer (one transaction: lock, catch-up, rescoring, suggestions "
                + "and outbox rows written, commit; Micrometer's window of the last minutes): ").append(matchmakerTimes).append(".\n");
        out.append("\nWarm-up before it (").append(warmUpChanges).append(" changes, the JIT compilers still at work): ")
                .append(warmUpSummary).append(".\n");
        out.append("\n**CPU per change** (user + system time of each process over the phase ÷ its changes; ms; PostgreSQL not counted):\n\n");
        out.append("| process | warm-up | measured |\n| --- | --- | --- |\n");
        cpuPerChange.forEach((name, ms) -> out.append(String.format("| %s | %s | %.1f |%n", name,
                Double.isNaN(ms[0]) ? "—" : String.format("%.1f", ms[0]), ms[1])));
        out.append("\n**Rate steps** (each ≥ 15 s or 200 changes; stops at the first step whose p99 is over 1 s):\n\n");
        out.append("| rate asked (/s) | achieved (/s) | changes | reached the feed | end-to-end p50 (ms) | p99 (ms) | max (ms) |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Phase p : List.of(main)) {
            stepRow(out, p);
        }
        stepped.forEach(p -> stepRow(out, p));
        out.append(sustained == 0
                ? String.format("%nSustained rate with end-to-end p99 under 1 s: **none of the rates tried** (not even %s/s).%n%n", fmt(rate))
                : String.format("%nSustained rate with end-to-end p99 under 1 s: **%s changes/s** (highest step passed).%n%n", fmt(sustained)));
        out.append(String.format("**Reads** (%d client threads, closed loop, %d s after 2 s warm-up, HTTP/1.1 keep-alive):%n%n",
                readThreads, readDuration.toSeconds()));
        out.append("| request | status | requests/s | p50 (ms) | p99 (ms) | bytes | unexpected |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (ReadLoad.Result r : reads) {
            out.append(String.format("| %s | %d | %.0f | %s | %s | %d | %d |%n", r.label(), r.status(), r.perSecond(),
                    Stats.ms(r.p50()), Stats.ms(r.p99()), r.bytes(), r.unexpected()));
        }
        out.append("\n**Services** (start: JVM spawned → `/q/health/ready` 200, each started alone with the others idle; "
                + "resident memory: `VmRSS` at the end of the run):\n\n");
        out.append("| service | ready after (s) | Quarkus \"started in\" | RSS at end (MiB) | JVM options |\n| --- | --- | --- | --- | --- |\n");
        starts.forEach((module, info) -> out.append(String.format("| %s | %.2f | %s | %s | `%s` |%n", module,
                info.readyAfterSeconds(), info.quarkusSays(), rss.containsKey(module) ? String.format("%.0f", rss.get(module) / 1024.0) : "—",
                String.join(" ", info.jvmOptions()))));
        out.append(String.format("%nWhole system: the %d services stopped and then spawned together (as the launcher starts them; "
                + "PostgreSQL and Kafka already up): all ready after %.2f s.%n", starts.size(), wholeSystemSeconds));
        String table = out.toString();
        System.out.println("\n" + table);
        Files.createDirectories(base);
        Files.writeString(base.resolve("results.md"), table);
        Path doc = root.resolve("docs/benchmarks.md");
        String text = Files.readString(doc);
        String begin = "<!-- bench-results:begin -->";
        String end = "<!-- bench-results:end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from && !Boolean.getBoolean("bench.no-doc")) {
            text = text.substring(0, from + begin.length()) + "\n" + table + "\n" + text.substring(to);
            Files.writeString(doc, text);
            say("Results written to docs/benchmarks.md");
        }
    }

    private static void row(StringBuilder out, String name, Stats stats) {
        out.append(String.format("| %s | %s | %s | %s |%n", name, Stats.ms(stats.p50()), Stats.ms(stats.p99()), Stats.ms(stats.max())));
    }

    private static void stepRow(StringBuilder out, Phase p) {
        out.append(String.format("| %s | %.1f | %d | %d of %d with a suggestion | %s | %s | %s |%n", fmt(p.rate), p.achieved,
                p.count, p.received, p.suggestions, Stats.ms(p.total.p50()), Stats.ms(p.total.p99()), Stats.ms(p.total.max())));
    }

    // ---- helpers ----

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.nullNode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + token.token()).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String url(String module, String path) {
        return services.get(module).baseUrl() + path;
    }

    /** Wall-clock milliseconds with sub-millisecond steps (nanoTime anchored to the epoch once). */
    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_MILLIS = System.currentTimeMillis();

    static double now() {
        return ANCHOR_MILLIS + (System.nanoTime() - ANCHOR_NANOS) / 1e6;
    }

    private static double epochMillis(JsonNode value) {
        if (value.isNumber()) {
            return value.asDouble() * 1000; // seconds with a fraction
        }
        Instant instant = Instant.parse(value.asText());
        return instant.getEpochSecond() * 1000.0 + instant.getNano() / 1e6;
    }

    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    private static long memTotalMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
