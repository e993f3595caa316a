package org.amhub.bench;

import org.amhub.launcher.HarnessToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.launcher.SystemRunner;
import org.amhub.launcher.SystemRunner.Service;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scale through the service: N synthetic hub profiles produced to {@code amhub.hub-profiles.v1} and loaded by the
 * running matchmaker (with its PostgreSQL); then one profile change at a time, each timed from the record's timestamp
 * to the first suggestion record it caused; then the REST list under load and the resident memory. Then, side by side,
 * the baseline a simple service would use: the same matchmaker restarted on the same data with
 * {@code amhub.matchmaker.candidates=scan} (every change scored against every other hub), the same number of updates.
 * {@code mvn -o -Pbench -pl bench -am -DskipTests verify -Dbench.mode=scale -Dbench.hubs=10000}.
 */
final class ScaleRun {

    private static final Pattern MARKER = Pattern.compile("scale#(\\d+)#");
    private static final String[] WORDS = ("pilot line test bed cells robots printers sensors data training skills "
            + "shipyard wafers batteries hydrogen textiles food packaging composites welding machining casting cloud "
            + "twins vision logistics energy motors drones ferries steel polymers").split(" ");
    private static final String[] INDUSTRIES = {"Automotive", "Aerospace", "Electronics", "Food", "Chemicals",
            "Shipbuilding", "Textiles", "Energy", "Machinery", "Pharmaceuticals", "Metals", "Plastics"};

    private final Path root;
    private final int hubs = Integer.getInteger("bench.hubs", 10_000);
    private final int updates = Integer.getInteger("bench.updates", 200);
    /** Untimed updates before each setting's timed ones: the restarted JVM has not compiled the update path yet. */
    private final int warmUp = Integer.getInteger("bench.scale.warm-up", 20);
    /** The next update's number (its marker and trace id), unique within the run. */
    private int nextUpdate;
    private final Random random = new Random(42);
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> topics = Taxonomy.standard().topics().stream().map(Taxonomy.Topic::id).toList();
    private final List<HubProfile> profiles = new ArrayList<>();

    ScaleRun(Path root) {
        this.root = root;
    }

    void run() throws Exception {
        Path base = root.resolve("bench/target/scale");
        SystemRunner.resetData(base);
        String loadStart = BenchRun.loadAverage();
        HarnessToken token = new HarnessToken("bench");
        try (SystemRunner system = new SystemRunner(root, base.resolve("data"), base.resolve("run"))) {
            system.startInfrastructure(0, 0);
            Service matchmaker;
            try (ServerSocket socket = new ServerSocket(0)) {
                matchmaker = SystemRunner.service("matchmaker").onPort(socket.getLocalPort());
            }
            Map<String, String> config = system.baseConfig(matchmaker);
            config.putAll(token.serviceConfig());
            // Synthetic claims are random word strings, all distinct: compare them lexically, as the engine's scale
            // benchmark does, so the run measures the service rather than the sentence model
            config.put("amhub.matchmaker.claim-similarity", System.getProperty("bench.claim-similarity", "lexical"));
            // -Dbench.matchmaker.<property>=<value> sets any of the matchmaker's properties for the run
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.matchmaker."))
                    .forEach(k -> config.put(k.substring("bench.matchmaker.".length()), System.getProperty(k)));
            system.configure(matchmaker, config);
            if (System.getProperty("amhub.jvm-options.matchmaker") == null) {
                system.jvmOptions(matchmaker, List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx1g", "-Xss512k"));
            }
            system.startService(matchmaker);
            system.awaitReady(matchmaker, Duration.ofMinutes(3));
            say("Matchmaker ready; producing " + hubs + " profiles");

            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka().bootstrapServers());
            producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            Properties consumerProps = new Properties();
            consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka().bootstrapServers());
            consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
                 KafkaConsumer<String, String> suggestions = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                String metrics = matchmaker.baseUrl() + "/q/metrics";
                double appliedBefore = counter(metrics);
                long start = System.nanoTime();
                for (int i = 0; i < hubs; i++) {
                    HubProfile profile = profile(i, 1, null);
                    profiles.add(profile);
                    send(producer, profile);
                }
                producer.flush();
                double produced = (System.nanoTime() - start) / 1e9;
                double lastReport = 0;
                while (counter(metrics) < appliedBefore + hubs) {
                    Thread.sleep(500);
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    if (elapsed - lastReport > 30) {
                        lastReport = elapsed;
                        say(String.format("  %.0f s: %.0f of %d applied", elapsed, counter(metrics) - appliedBefore, hubs));
                    }
                }
                double applied = (System.nanoTime() - start) / 1e9;
                // A backlog is stored first and ranked once it ends (ADR 12): loaded = ranked and suggestions stored
                while (metricValue(metrics, "amhub_matchmaker_bulk_unsettled") > 0) {
                    Thread.sleep(200);
                }
                double load = (System.nanoTime() - start) / 1e9;
                long rssAfterLoad = BenchRun.rssKiB(system.process(matchmaker).orElseThrow().pid());
                // ... and every announcement the load made (the outbox rows it appended) on the suggestions topic,
                // which holds only this run's records: its end offsets reach the service's count of announcements
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo p : suggestions.partitionsFor("amhub.match-suggestions.v1", Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
                double toAnnounce = metricValue(metrics, "amhub_matchmaker_suggestions_published_total");
                while (suggestions.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum() < toAnnounce) {
                    Thread.sleep(200);
                }
                double announced = (System.nanoTime() - start) / 1e9;
                say(String.format("Initial load: %d profiles produced in %.1f s, all applied after %.1f s, ranked and "
                        + "stored after %.1f s, its %.0f announcements on Kafka after %.1f s", hubs, produced, applied, load,
                        toAnnounce, announced));
                suggestions.assign(partitions);
                Phase indexed = updates("index", producer, suggestions, partitions, metrics,
                        system.process(matchmaker).orElseThrow().pid());
                String scoring = metricLines(metrics, "amhub_matchmaker_scoring_seconds");
                String batches = metricLines(metrics, "amhub_matchmaker_batch_records");

                ReadLoad.Result list = new ReadLoad().run("list", matchmaker.baseUrl() + "/api/matches?hub="
                                + profiles.get(hubs / 2).slug() + "&limit=10", Map.of(), 200, 4, Duration.ofSeconds(2),
                        Duration.ofSeconds(8));
                long rssEnd = BenchRun.rssKiB(system.process(matchmaker).orElseThrow().pid());

                // The baseline, side by side: the same service on the same PostgreSQL and Kafka, restarted with
                // candidates=scan. It rebuilds its view from the stored snapshots (through the indexes, in both
                // settings), then every change is scored against every other hub.
                say("Restarting the matchmaker with amhub.matchmaker.candidates=scan");
                config.put("amhub.matchmaker.candidates", "scan");
                system.configure(matchmaker, config);
                system.stopService(matchmaker);
                long spawned = System.nanoTime();
                system.startService(matchmaker);
                system.awaitReady(matchmaker, Duration.ofMinutes(30));
                double restart = (System.nanoTime() - spawned) / 1e9;
                String rebuilt = rebuildLine(system.runDir());
                say(String.format("Ready again after %.1f s: %s", restart, rebuilt));
                long rssAfterRestart = BenchRun.rssKiB(system.process(matchmaker).orElseThrow().pid());
                Phase scanned = updates("scan", producer, suggestions, partitions, metrics,
                        system.process(matchmaker).orElseThrow().pid());
                long rssScanEnd = BenchRun.rssKiB(system.process(matchmaker).orElseThrow().pid());

                String table = String.format("Run of %s: %d profiles, %d single updates per setting (after %d untimed), claim similarity %s, "
                                + "matchmaker JVM `%s`; load average at start %s, at the end %s.%n%n"
                                + "| measure | value |%n| --- | --- |%n"
                                + "| initial load: %d profile records produced → all applied (service counter) → ranked, suggestions stored → every announcement published | %.1f s → %.1f s (%.0f profiles/s) → %.1f s |%n"
                                + "| update: record sent → first suggestion record it caused (p50 / p99 / max, %d of %d updates) | %s / %s / %s ms |%n"
                                + "| service's own time per transaction (a poll's records) after the updates (`amhub_matchmaker_scoring_seconds`) | %s |%n"
                                + "| records per transaction (`amhub_matchmaker_batch_records`) | %s |%n"
                                + "| `GET /api/matches?hub=…&limit=10`, 4 threads, 8 s | %.0f req/s, p50 %s ms, p99 %s ms |%n"
                                + "| resident memory after the load / at the end | %.0f / %.0f MiB |%n%n"
                                + "Side by side, same network, same database and Kafka (`amhub.matchmaker.candidates`):%n%n"
                                + "| measure | `index` (default) | `scan` (O(N) per change) |%n| --- | --- | --- |%n"
                                + "| restart on the loaded database: JVM spawned → ready (view rebuilt through the indexes in both settings) | — | %.1f s (%s) |%n"
                                + "| update: record sent → first suggestion record it caused, p50 / p99 / max (ms) | %s / %s / %s | %s / %s / %s |%n"
                                + "| updates that caused a suggestion record | %d of %d | %d of %d |%n"
                                + "| service time per update (its transaction, `amhub_matchmaker_scoring_seconds`), p50 / p99 / max (ms) | %s / %s / %s | %s / %s / %s |%n"
                                + "| resident memory before the warm-up (after the load; after the restart) / after the updates (MiB) | %.0f / %.0f | %.0f / %.0f |%n",
                        Instant.now(), hubs, updates, warmUp, config.get("amhub.matchmaker.claim-similarity"),
                        String.join(" ", system.jvmOptions(matchmaker)), loadStart, BenchRun.loadAverage(), hubs, applied, load,
                        hubs / load, announced, indexed.answered(), updates, Stats.ms(indexed.latency().p50()),
                        Stats.ms(indexed.latency().p99()), Stats.ms(indexed.latency().max()),
                        scoring, batches, list.perSecond(), Stats.ms(list.p50()), Stats.ms(list.p99()), rssAfterLoad / 1024.0,
                        rssEnd / 1024.0,
                        restart, rebuilt,
                        Stats.ms(indexed.latency().p50()), Stats.ms(indexed.latency().p99()), Stats.ms(indexed.latency().max()),
                        Stats.ms(scanned.latency().p50()), Stats.ms(scanned.latency().p99()), Stats.ms(scanned.latency().max()),
                        indexed.answered(), updates, scanned.answered(), updates,
                        Stats.ms(indexed.service().p50()), Stats.ms(indexed.service().p99()), Stats.ms(indexed.service().max()),
                        Stats.ms(scanned.service().p50()), Stats.ms(scanned.service().p99()), Stats.ms(scanned.service().max()),
                        rssAfterLoad / 1024.0, indexed.rssEndKiB() / 1024.0, rssAfterRestart / 1024.0, scanned.rssEndKiB() / 1024.0);
                System.out.println("\n" + table);
                Files.writeString(base.resolve("results.md"), table);
            }
        }
    }

    /**
     * One setting's updates: a latency sample per update that caused a suggestion record; the service's own time for
     * each update's transaction (from its timer's sum and count before and after it); resident memory at the end.
     */
    private record Phase(Stats latency, int answered, Stats service, long rssEndKiB) {
    }

    /**
     * {@code updates} single profile changes, one at a time. Each record carries a W3C {@code traceparent} of its own,
     * which the matchmaker passes on through its outbox to the suggestion records the change causes (as the end-to-end
     * benchmark attributes them; without tracing, the marker its need quotes): the first such record times the update.
     * A change that moved no suggestion gives no latency sample, but every change gives a service-time sample.
     */
    private Phase updates(String setting, KafkaProducer<String, String> producer,
                          KafkaConsumer<String, String> suggestions, List<TopicPartition> partitions, String metrics,
                          long pid) throws Exception {
        if (warmUp > 0) {
            say("Warm-up (" + setting + "): " + warmUp + " untimed updates");
            updates(warmUp, producer, suggestions, partitions, metrics);
        }
        Measured measured = updates(updates, producer, suggestions, partitions, metrics);
        say(String.format("Updates (%s): %d sent, %d caused a suggestion record; p50 %s ms, p99 %s ms, max %s ms; "
                        + "service time per update p50 %s ms, p99 %s ms, max %s ms",
                setting, updates, measured.answered(), Stats.ms(measured.latency().p50()), Stats.ms(measured.latency().p99()),
                Stats.ms(measured.latency().max()), Stats.ms(measured.service().p50()), Stats.ms(measured.service().p99()),
                Stats.ms(measured.service().max())));
        return new Phase(measured.latency(), measured.answered(), measured.service(), BenchRun.rssKiB(pid));
    }

    private record Measured(Stats latency, int answered, Stats service) {
    }

    private Measured updates(int count, KafkaProducer<String, String> producer, KafkaConsumer<String, String> suggestions,
                             List<TopicPartition> partitions, String metrics)
            throws Exception {
        suggestions.seekToEnd(partitions);
        partitions.forEach(suggestions::position);
        double applied = counter(metrics);
        Stats update = new Stats(), service = new Stats();
        int answered = 0;
        for (int k = 0; k < count; k++) {
            int u = nextUpdate++;
            int index = random.nextInt(hubs);
            HubProfile changed = profile(index, profiles.get(index).version() + 1, "scale#" + u + "#");
            profiles.set(index, changed);
            String traceId = String.format("%032x", 0x5ca1e_0000_0000L + u);
            double countBefore = metricValue(metrics, "amhub_matchmaker_scoring_seconds_count");
            double sumBefore = metricValue(metrics, "amhub_matchmaker_scoring_seconds_sum");
            long sent = System.currentTimeMillis();
            send(producer, changed, "00-" + traceId + "-" + String.format("%016x", u + 1L) + "-01");
            producer.flush();
            applied++;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(), graceEnd = Long.MAX_VALUE;
            long nextCheck = System.nanoTime() + Duration.ofMillis(250).toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() < Math.min(deadline, graceEnd)) {
                for (ConsumerRecord<String, String> record : suggestions.poll(Duration.ofMillis(20))) {
                    if (!seen && causedBy(record, traceId, u)) {
                        seen = true;
                        update.add(record.timestamp() - sent);
                    }
                }
                // Applied and committed with no suggestion record within a second after: it moved none
                if (!seen && graceEnd == Long.MAX_VALUE && System.nanoTime() > nextCheck) {
                    nextCheck = System.nanoTime() + Duration.ofMillis(250).toNanos();
                    if (counter(metrics) >= applied) {
                        graceEnd = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    }
                }
            }
            if (seen) {
                answered++;
            }
            long settle = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (counter(metrics) < applied && System.nanoTime() < settle) {
                Thread.sleep(20);
            }
            double transactions = metricValue(metrics, "amhub_matchmaker_scoring_seconds_count") - countBefore;
            if (transactions > 0) {
                service.add((metricValue(metrics, "amhub_matchmaker_scoring_seconds_sum") - sumBefore) * 1000 / transactions);
            }
        }
        return new Measured(update, answered, service);
    }

    /**
     * Whether a suggestion record was caused by this update: by its trace id, or by the marker its need quotes (tracing
     * off). Updates go one at a time, so a record quoting this update's marker is this update's.
     */
    private static boolean causedBy(ConsumerRecord<String, String> record, String traceId, int marker) {
        Header header = record.headers().lastHeader("traceparent");
        if (header != null) {
            String[] parts = new String(header.value(), StandardCharsets.US_ASCII).split("-");
            if (parts.length > 1 && parts[1].equals(traceId)) {
                return true;
            }
        }
        Matcher m = MARKER.matcher(record.value() == null ? "" : record.value());
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == marker) {
                return true;
            }
        }
        return false;
    }

    /** The last "view rebuilt" line a matchmaker logged under the run directory (its hubs and time). */
    private static String rebuildLine(Path runDir) throws Exception {
        Pattern rebuilt = Pattern.compile("view rebuilt with (\\d+) hubs in (\\d+) ms");
        String last = "rebuild time not logged";
        try (var logs = Files.walk(runDir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().equals("service.log")).toList()) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    Matcher m = rebuilt.matcher(line);
                    if (m.find()) {
                        last = String.format("rebuild of %s hubs: %.1f s", m.group(1), Long.parseLong(m.group(2)) / 1000.0);
                    }
                }
            }
        }
        return last;
    }

    private void send(KafkaProducer<String, String> producer, HubProfile profile) throws Exception {
        send(producer, profile, null);
    }

    private void send(KafkaProducer<String, String> producer, HubProfile profile, String traceparent) throws Exception {
        HubProfileChanged event = HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile);
        ProducerRecord<String, String> record = new ProducerRecord<>(HubTopics.HUB_PROFILES, profile.id().toString(),
                json.writeValueAsString(event));
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record);
    }

    /** A synthetic hub: topics and industries drawn with Zipf-like popularity; a marked need when given. */
    private HubProfile profile(int i, long version, String marker) {
        String slug = "scale-" + i;
        UUID id = UUID.nameUUIDFromBytes(slug.getBytes(StandardCharsets.UTF_8));
        List<TopicClaim> capabilities = claims(2), needs = new ArrayList<>(claims(2)), priorities = claims(1);
        if (marker != null) {
            needs.add(new TopicClaim(topics.get(random.nextInt(topics.size())), "looking for partners " + marker, null));
        }
        return new HubProfile(id, slug, "Scale hub " + i, "Country " + (i % 50), "Region " + (i % 7), List.of("Host " + i),
                null, null, List.of(INDUSTRIES[zipf(INDUSTRIES.length)], INDUSTRIES[zipf(INDUSTRIES.length)]), null, null,
                HubStatus.ACTIVE, priorities, capabilities, needs, List.of(), version, Instant.EPOCH, Instant.now());
    }

    private List<TopicClaim> claims(int count) {
        List<TopicClaim> claims = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 4; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            claims.add(new TopicClaim(topics.get(zipf(topics.size())), text.toString().strip(), null));
        }
        return claims;
    }

    /** An index in [0, n) with probability about proportional to 1 / (rank + 1). */
    private int zipf(int n) {
        double total = 0;
        for (int k = 1; k <= n; k++) {
            total += 1.0 / k;
        }
        double pick = random.nextDouble() * total;
        for (int k = 1; k <= n; k++) {
            pick -= 1.0 / k;
            if (pick <= 0) {
                return k - 1;
            }
        }
        return n - 1;
    }

    /** The service's count of applied profile records (a transaction applies a poll's records, so not its timer's count). */
    private double counter(String metrics) throws Exception {
        for (String line : metricLines(metrics, "amhub_matchmaker_records_applied_total").split("; ")) {
            if (line.startsWith("amhub_matchmaker_records_applied_total")) {
                String sample = line.split(" # ", 2)[0]; // an OpenMetrics exemplar may follow the value
                return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The value of the first sample whose name (and labels, if any) start with {@code name}; 0 when absent. */
    private double metricValue(String metrics, String name) throws Exception {
        for (String line : metricLines(metrics, name).split("; ")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String sample = line.split(" # ", 2)[0];
                return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private String metricLines(String metrics, String prefix) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(metrics)).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                lines.add(line);
            }
        }
        return String.join("; ", lines);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
