package org.amhub.chaos;

import org.amhub.launcher.HubRequests;
import org.amhub.launcher.HarnessToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.amhub.launcher.SystemRunner;
import org.amhub.launcher.SystemRunner.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The chaos harness: starts the whole system with real SMTP and webhook receivers, drives hub profile changes through
 * the registry's REST API, injects one fault at a time in the middle of a burst and, once the system is quiet again,
 * checks that suggestions are consistent and that every alert was delivered exactly once per channel.
 * Results go to stdout and to {@code docs/reliability.md}.
 */
public final class ChaosRun {

    private static final String REGISTRY = "hub-registry";
    private static final String MATCHMAKER = "matchmaker";
    private static final String NOTIFICATIONS = "notifications";
    private static final String WEBHOOK_SECRET_KEY = randomKey();

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private final Path root;
    private final SystemRunner system;
    private final MailReceiver mail;
    private final WebhookReceiver hooks;
    private final Api api;
    private final HarnessToken adminToken;
    private final int burst = Integer.getInteger("amhub.chaos.burst", 70);
    private final Duration outage = Duration.ofSeconds(Long.getLong("amhub.chaos.outage-seconds", 30));
    private final List<String> hubs = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger failedWrites = new AtomicInteger();
    private final List<Row> rows = new ArrayList<>();
    private Instant subscribedAt;

    record Row(String fault, int changesSoFar, int writeRetries, String recovery, String consistency, int alerts,
               int missingAlerts, int duplicateFeed, int emailSent, int emailLost, int emailDup, int hookSent,
               int hookLost, int hookDup, int notSent, String notes) {
    }

    private ChaosRun(Path root) throws IOException {
        this.root = root;
        Path base = root.resolve(".amhub/chaos");
        SystemRunner.resetData(base);
        this.system = new SystemRunner(root, base.resolve("data"), base.resolve("run"));
        this.mail = new MailReceiver(Integer.getInteger("amhub.chaos.smtp-port", 3025));
        this.hooks = new WebhookReceiver(Integer.getInteger("amhub.chaos.webhook-port", 18090), Duration.ofSeconds(12));
        this.adminToken = new HarnessToken("chaos");
        this.api = new Api(adminToken.token());
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path root = Path.of(System.getProperty("amhub.root", ".")).toAbsolutePath().normalize();
        ChaosRun run = new ChaosRun(root);
        int exit = 0;
        try {
            run.run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            run.close();
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        say("Starting the system (data under .amhub/chaos/) ...");
        system.startInfrastructure();
        for (Service service : SystemRunner.BACKEND) {
            system.configure(service, config(service, system.postgres().jdbcUrl(service.database()), null));
            system.startService(service);
        }
        for (Service service : SystemRunner.BACKEND) {
            system.awaitReady(service, Duration.ofSeconds(240));
        }
        say(String.format("System ready in %.1f s", Duration.between(started, Instant.now()).toMillis() / 1000.0));
        loadHubs();
        subscribe();
        runBurst(burst, null);
        Duration settle = awaitQuiet(Duration.ofSeconds(300));
        rows.add(check("none (baseline burst)", settle, ""));

        Set<String> only = Arrays.stream(System.getProperty("amhub.chaos.faults", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (Fault fault : faults()) {
            if (!only.isEmpty() && !only.contains(fault.id())) {
                continue;
            }
            say("\n--- fault: " + fault.name() + " ---");
            Instant healed;
            String notes = "";
            try {
                healed = runBurst(burst, fault);
            } catch (Exception e) {
                notes = "fault step failed: " + e.getMessage();
                healed = Instant.now();
            }
            Duration recovery = awaitQuiet(Duration.ofSeconds(300));
            Duration sinceHeal = recovery == null ? null : Duration.between(healed, Instant.now());
            rows.add(check(fault.name(), sinceHeal, notes));
            say(format(rows.get(rows.size() - 1)));
        }
        String fresh = freshRecompute();
        write(started, fresh);
    }

    // ---- configuration ----

    private static final String CHAOS_UNSUBSCRIBE_KEY = java.util.UUID.randomUUID().toString();

    private Map<String, String> config(Service service, String jdbcUrl, String groupSuffix) {
        Map<String, String> config = system.baseConfig(service);
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.putAll(adminToken.serviceConfig());
        // The workload's bursts of writes come from one token and one address: no rate limit in chaos runs
        config.put("amhub.rate-limit.enabled", "false");
        if (service.module().equals(NOTIFICATIONS)) {
            config.put("quarkus.mailer.mock", "false");
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", Integer.toString(Integer.getInteger("amhub.chaos.smtp-port", 3025)));
            config.put("amhub.notifications.webhooks.allow-private-targets", "true");
            config.put("amhub.webhooks.secret-key", WEBHOOK_SECRET_KEY); // one per run, the same across restarts
            config.put("amhub.notifications.delivery.poll-interval", "200ms");
            config.put("amhub.notifications.delivery.initial-backoff", "1s");
            config.put("amhub.notifications.delivery.max-backoff", "5s");
            config.put("amhub.notifications.delivery.max-attempts", "100");
            // unsubscribe links need a signing key; a fresh one per run (no unsubscribe happens in the workload)
            config.put("amhub.unsubscribe.key", CHAOS_UNSUBSCRIBE_KEY);
        }
        if (groupSuffix != null && service.module().equals(MATCHMAKER)) {
            config.put("mp.messaging.incoming.hub-profiles.group.id", "matchmaker-" + groupSuffix);
        }
        return config;
    }

    // ---- workload ----

    private void loadHubs() throws Exception {
        Api.Reply page = api.get(url(REGISTRY, "/api/hubs?size=100"));
        Set<String> capabilityTopics = new HashSet<>();
        for (JsonNode hub : page.body().path("items")) {
            hubs.add(hub.path("slug").asText());
            hub.path("capabilities").forEach(c -> capabilityTopics.add(c.path("topic").asText()));
        }
        topics.addAll(new TreeMap<>(capabilityTopics.stream().collect(Collectors.toMap(t -> t, t -> t))).keySet());
        say("Hubs: " + hubs.size() + ", capability topics to toggle: " + topics.size());
    }

    private void subscribe() throws Exception {
        for (String hub : hubs) {
            ObjectNode body = Api.JSON.createObjectNode();
            body.putArray("emails").add(hub + "@chaos.test");
            body.put("webhookUrl", hooks.url(hub));
            // the signing secret is generated by the service (the receiver does not check signatures)
            body.put("minScore", 0.0);
            body.put("deliveryMode", "IMMEDIATE");
            Api.Reply reply = api.post(url(NOTIFICATIONS, "/api/hubs/" + hub + "/subscriptions"), body);
            for (int wait = 0; reply.status() == 404 && wait < 240; wait++) {
                Thread.sleep(500); // notifications learns the hubs from the profile topic, shortly after start
                reply = api.post(url(NOTIFICATIONS, "/api/hubs/" + hub + "/subscriptions"), body);
            }
            if (reply.status() != 201) {
                throw new IllegalStateException("Subscription for " + hub + " refused: " + reply.status() + " " + reply.body());
            }
        }
        subscribedAt = Instant.now();
        say("Subscribed " + hubs.size() + " hubs to email and webhook");
    }

    /**
     * Sends {@code count} profile changes, one after another, retrying each until the registry takes it. With a fault,
     * injects it after a third of the burst and heals it as the fault prescribes; returns when the fault was healed.
     */
    private Instant runBurst(int count, Fault fault) throws Exception {
        Thread injector = null;
        Instant[] healed = {Instant.now()};
        Exception[] failure = {null};
        for (int i = 0; i < count; i++) {
            if (fault != null && i == count / 3) {
                injector = new Thread(() -> {
                    try {
                        fault.action().run();
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                    healed[0] = Instant.now();
                }, "chaos-fault");
                injector.start();
            }
            change(changes.get());
        }
        if (injector != null) {
            injector.join(TimeUnit.MINUTES.toMillis(5));
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return healed[0];
    }

    /** One material change: a hub gains (or loses) a need in a topic others offer, moving its matches. */
    private void change(int n) throws Exception {
        String hub = hubs.get(n % hubs.size());
        String topic = topics.get((n / hubs.size()) % topics.size());
        Instant deadline = Instant.now().plusSeconds(300);
        while (Instant.now().isBefore(deadline)) {
            try {
                Api.Reply current = api.get(url(REGISTRY, "/api/hubs/" + hub));
                if (current.status() == 200) {
                    ObjectNode request = HubRequests.toRequest(current.body());
                    ArrayNode needs = (ArrayNode) request.get("needs");
                    for (int i = needs.size() - 1; i >= 0; i--) {
                        if (needs.get(i).path("text").asText().startsWith("chaos:")) {
                            needs.remove(i);
                        }
                    }
                    if (n % 2 == 0) {
                        ObjectNode need = needs.addObject();
                        need.put("topic", topic);
                        need.put("text", "chaos: looking for partners in " + topic + " #" + n);
                        need.put("evidence", "chaos harness");
                    }
                    Api.Reply updated = api.put(url(REGISTRY, "/api/hubs/" + current.body().path("id").asText()),
                            request, current.etag());
                    if (updated.status() == 200) {
                        changes.incrementAndGet();
                        return;
                    }
                    if (updated.status() / 100 == 4 && updated.status() != 412 && updated.status() != 409) {
                        throw new IllegalStateException("Change refused: " + updated.status() + " " + updated.body());
                    }
                }
            } catch (IOException unreachable) {
                // the registry is down or restarting
            }
            failedWrites.incrementAndGet();
            Thread.sleep(200);
        }
        throw new IllegalStateException("Could not change " + hub + " for 300 s");
    }

    // ---- faults ----

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    record Fault(String id, String name, Step action) {
    }

    private List<Fault> faults() {
        List<Fault> faults = new ArrayList<>();
        for (String module : List.of(REGISTRY, MATCHMAKER, NOTIFICATIONS)) {
            Service service = SystemRunner.service(module);
            faults.add(new Fault("kill-" + module, "kill -9 " + module + ", restart", () -> {
                system.killService(service);
                system.startService(service);
                system.awaitReady(service, Duration.ofSeconds(240));
            }));
        }
        for (String module : List.of(MATCHMAKER, NOTIFICATIONS)) {
            Service service = SystemRunner.service(module);
            faults.add(new Fault("db-refuse-" + module, module + "'s database refuses connections " + outage.toSeconds() + " s", () -> {
                try (var admin = system.postgres().connect("postgres"); var sql = admin.createStatement()) {
                    try {
                        sql.execute("ALTER DATABASE " + service.database() + " ALLOW_CONNECTIONS false");
                        sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                                + service.database() + "' AND pid <> pg_backend_pid()");
                        Thread.sleep(outage.toMillis());
                    } finally {
                        sql.execute("ALTER DATABASE " + service.database() + " ALLOW_CONNECTIONS true");
                    }
                }
            }));
        }
        for (String module : List.of(REGISTRY, MATCHMAKER, NOTIFICATIONS)) {
            Service service = SystemRunner.service(module);
            Service second = new Service(module, service.port() + 100, service.database());
            faults.add(new Fault("second-" + module, "a second " + module + " instance for the burst", () -> {
                Map<String, String> config = config(service, system.postgres().jdbcUrl(service.database()), null);
                config.put("quarkus.http.port", Integer.toString(second.port()));
                system.configure(second, config);
                system.startService(second);
                system.awaitReady(second, Duration.ofSeconds(240));
                Thread.sleep(outage.toMillis());
                system.stopService(second);
            }));
        }
        faults.add(new Fault("kafka-restart", "Kafka broker stop 10 s, start", () -> {
            system.kafka().stop();
            Thread.sleep(10_000);
            system.kafka().start();
        }));
        faults.add(new Fault("postgres-restart", "PostgreSQL stop 10 s, start", () -> {
            system.postgres().stop();
            Thread.sleep(10_000);
            system.postgres().start();
        }));
        faults.add(new Fault("smtp-down", "SMTP server down " + outage.toSeconds() + " s", () -> {
            mail.stop();
            Thread.sleep(outage.toMillis());
            mail.start();
        }));
        faults.add(new Fault("webhook-500", "webhook receiver answers 500 for >= " + outage.toSeconds() + " s", () -> {
            receiverTrouble(WebhookReceiver.Mode.FAIL);
        }));
        faults.add(new Fault("webhook-hang", "webhook receiver hangs 12 s per call for >= " + outage.toSeconds() + " s", () -> {
            receiverTrouble(WebhookReceiver.Mode.HANG);
        }));
        return faults;
    }

    /** The receiver misbehaves for the outage and at least until it has turned away 5 calls (at most 120 s). */
    private void receiverTrouble(WebhookReceiver.Mode mode) throws InterruptedException {
        int before = hooks.troubled();
        Instant start = Instant.now();
        hooks.mode(mode);
        while (Duration.between(start, Instant.now()).compareTo(outage) < 0
                || (hooks.troubled() - before < 5 && Duration.between(start, Instant.now()).toSeconds() < 120)) {
            Thread.sleep(250);
        }
        hooks.mode(WebhookReceiver.Mode.OK);
    }

    // ---- quiet and checks ----

    /**
     * Waits until every service is ready, both outboxes are empty, the consumers have no lag and no delivery is due,
     * twice in a row; returns how long that took (null on timeout).
     */
    private Duration awaitQuiet(Duration timeout) throws Exception {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        int quietPolls = 0;
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            String busy = busy();
            if (busy.isEmpty()) {
                if (++quietPolls >= 3) {
                    return Duration.between(start, Instant.now());
                }
            } else {
                quietPolls = 0;
                last = busy;
            }
            Thread.sleep(1000);
        }
        say("Not quiet after " + timeout.toSeconds() + " s: " + last);
        return null;
    }

    private String busy() {
        try {
            for (Service service : SystemRunner.BACKEND) {
                Api.Reply ready = api.get(service.baseUrl() + "/q/health/ready");
                if (ready.status() != 200) {
                    return service.module() + " not ready";
                }
            }
            for (String module : List.of(REGISTRY, MATCHMAKER)) {
                double pending = metric(module, "amhub_outbox_pending");
                if (pending > 0) {
                    return module + " outbox pending " + pending;
                }
            }
            long lag = lag("matchmaker", "notifications");
            if (lag > 0) {
                return "consumer lag " + lag;
            }
            for (String hub : hubs) {
                for (JsonNode delivery : api.get(url(NOTIFICATIONS, "/api/hubs/" + hub + "/deliveries")).body()) {
                    String status = delivery.path("status").asText();
                    if (status.equals("PENDING") || status.equals("FAILED")) {
                        return "delivery " + status + " for " + hub;
                    }
                }
            }
            return "";
        } catch (Exception e) {
            return "unreachable: " + e.getMessage();
        }
    }

    private double metric(String module, String name) throws Exception {
        String text = api.text(url(module, "/q/metrics"));
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String sample = line.split(" # ", 2)[0]; // an OpenMetrics exemplar (trace id) may follow the value
                sum += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException(name + " not exposed by " + module);
        }
        return sum;
    }

    private long lag(String... groups) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka().bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            long lag = 0;
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                committed.keySet().stream().filter(tp -> !tp.topic().endsWith("dlq")).forEach(tp -> request.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
                for (var entry : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(entry.getKey());
                    lag += Math.max(0, entry.getValue().offset() - (offset == null ? 0 : offset.offset()));
                }
                if (committed.isEmpty()) {
                    return 1; // the group has not committed yet
                }
            }
            return lag;
        }
    }

    private Row check(String fault, Duration recovery, String notes) throws Exception {
        String consistency = consistency();
        int alerts = 0;
        int missing = 0;
        int duplicateFeed = 0;
        Map<String, String> sentEmail = new HashMap<>();
        Map<String, String> sentHook = new HashMap<>();
        int notSent = 0;
        for (String hub : hubs) {
            JsonNode feed = api.get(url(NOTIFICATIONS, "/api/hubs/" + hub + "/notifications?limit=500")).body();
            Map<String, Integer> perVersion = new HashMap<>();
            Set<String> alertedMatches = new HashSet<>();
            Set<Long> recentItems = new HashSet<>();
            for (JsonNode item : feed) {
                perVersion.merge(item.path("matchId").asText() + "#" + item.path("suggestionVersion").asText(), 1, Integer::sum);
                alertedMatches.add(item.path("matchId").asText());
                if (Instant.parse(item.path("createdAt").asText()).isAfter(subscribedAt)) {
                    recentItems.add(item.path("id").asLong());
                }
            }
            duplicateFeed += (int) perVersion.values().stream().filter(c -> c > 1).count();
            for (JsonNode match : api.get(url(MATCHMAKER, "/api/matches?hub=" + hub + "&limit=100")).body()) {
                JsonNode side = match.path("hubA").path("slug").asText().equals(hub) ? match.path("hubA") : match.path("hubB");
                if (side.path("rank").asInt() > 0 && "ACTIVE".equals(match.path("status").asText("ACTIVE"))) {
                    if (!alertedMatches.contains(match.path("matchId").asText())) {
                        missing++;
                    }
                }
            }
            Map<Long, Set<String>> channelsPerItem = new HashMap<>();
            for (JsonNode delivery : api.get(url(NOTIFICATIONS, "/api/hubs/" + hub + "/deliveries")).body()) {
                long item = delivery.path("notificationId").asLong();
                String channel = delivery.path("channel").asText();
                channelsPerItem.computeIfAbsent(item, k -> new HashSet<>()).add(channel);
                if (!delivery.path("status").asText().equals("SENT")) {
                    notSent++;
                    continue;
                }
                (channel.equals("EMAIL") ? sentEmail : sentHook).put(delivery.path("id").asText(), hub);
            }
            alerts += recentItems.size();
            for (long item : recentItems) {
                Set<String> channels = channelsPerItem.getOrDefault(item, Set.of());
                if (!channels.contains("EMAIL") || !channels.contains("WEBHOOK")) {
                    missing++; // an alert after subscribing without a delivery on each channel
                }
            }
        }
        Map<String, Integer> mails = mail.received();
        Map<String, Integer> calls = hooks.accepted();
        int emailLost = (int) sentEmail.keySet().stream().filter(id -> mails.getOrDefault(id, 0) == 0).count();
        int emailDup = (int) sentEmail.keySet().stream().filter(id -> mails.getOrDefault(id, 0) > 1).count();
        int hookLost = (int) sentHook.keySet().stream().filter(id -> calls.getOrDefault(id, 0) == 0).count();
        int hookDup = (int) sentHook.keySet().stream().filter(id -> calls.getOrDefault(id, 0) > 1).count();
        String recoveryText = recovery == null ? "not quiet in 300 s" : String.format("%.1f s", recovery.toMillis() / 1000.0);
        return new Row(fault, changes.get(), failedWrites.get(), recoveryText, consistency, alerts, missing, duplicateFeed,
                sentEmail.size(), emailLost, emailDup, sentHook.size(), hookLost, hookDup, notSent, notes);
    }

    private String consistency() {
        try {
            Api.Reply reply = api.get(url(MATCHMAKER, "/api/admin/consistency"));
            if (reply.status() == 404) {
                return "n/a (no endpoint)";
            }
            if (reply.status() != 200) {
                return "HTTP " + reply.status();
            }
            boolean consistent = reply.body().path("consistent").asBoolean(false);
            return consistent ? "consistent" : "INCONSISTENT (" + reply.body().path("differences").size() + ")";
        } catch (Exception e) {
            return "error: " + e.getMessage();
        }
    }

    /**
     * The matchmaker's suggestions against a from-scratch recompute: a fresh matchmaker (new database, new consumer
     * group) rebuilds from the compacted profile topic; its lists must equal the ones the chaos left behind.
     */
    private String freshRecompute() throws Exception {
        say("\n--- from-scratch recompute ---");
        Map<String, List<String>> before = snapshot();
        Service notifications = SystemRunner.service(NOTIFICATIONS);
        Service matchmaker = SystemRunner.service(MATCHMAKER);
        system.stopService(notifications); // the fresh matchmaker republishes; nobody should be alerted twice
        system.stopService(matchmaker);
        String suffix = "fresh" + System.currentTimeMillis();
        String url = system.postgres().createDatabase("matchmaker_" + suffix);
        system.configure(matchmaker, config(matchmaker, url, suffix));
        Instant start = Instant.now();
        system.startService(matchmaker);
        system.awaitReady(matchmaker, Duration.ofSeconds(240));
        Map<String, List<String>> after = Map.of();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(3000);
            if (lag("matchmaker-" + suffix) > 0) {
                continue;
            }
            Map<String, List<String>> now = snapshot();
            if (now.equals(after)) {
                break;
            }
            after = now;
        }
        int differing = 0;
        int orderDiffers = 0;
        StringBuilder example = new StringBuilder();
        for (String hub : hubs) {
            if (!partners(before.get(hub)).equals(partners(after.get(hub)))) {
                orderDiffers++;
            }
            if (!before.get(hub).equals(after.get(hub))) {
                differing++;
                if (example.isEmpty()) {
                    example.append(hub).append(": kept ").append(before.get(hub)).append(" vs fresh ").append(after.get(hub));
                }
            }
        }
        String result = String.format("%d of %d hubs have a different list (partners or scores to 3 places) after a "
                        + "from-scratch rebuild, %d a different partner order (rebuild took %.0f s)%s", differing, hubs.size(),
                orderDiffers, Duration.between(start, Instant.now()).toMillis() / 1000.0, differing == 0 ? "" : "; e.g. " + example);
        say(result);
        return result;
    }

    private static List<String> partners(List<String> list) {
        return list == null ? List.of() : list.stream().map(entry -> entry.substring(0, entry.indexOf(':'))).toList();
    }

    /** hub -> its suggestion list (partner slug and score to 3 places, best first). */
    private Map<String, List<String>> snapshot() throws Exception {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (String hub : hubs) {
            List<String> list = new ArrayList<>();
            for (JsonNode match : api.get(url(MATCHMAKER, "/api/matches?hub=" + hub + "&limit=100")).body()) {
                JsonNode partner = match.path("hubA").path("slug").asText().equals(hub) ? match.path("hubB") : match.path("hubA");
                list.add(partner.path("slug").asText() + String.format(":%.3f", match.path("score").asDouble()));
            }
            lists.put(hub, list);
        }
        return lists;
    }

    // ---- output ----

    private static final String HEADER = "| fault | changes so far | write retries | recovery after heal | consistency | alerts since subscribing | alerts missing | feed duplicates | emails sent / lost / dup | webhooks sent / lost / dup | deliveries not SENT | notes |\n"
            + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";

    private static String format(Row r) {
        return String.format("| %s | %d | %d | %s | %s | %d | %d | %d | %d / %d / %d | %d / %d / %d | %d | %s |",
                r.fault(), r.changesSoFar(), r.writeRetries(), r.recovery(), r.consistency(), r.alerts(), r.missingAlerts(),
                r.duplicateFeed(), r.emailSent(), r.emailLost(), r.emailDup(), r.hookSent(), r.hookLost(), r.hookDup(),
                r.notSent(), r.notes());
    }

    private void write(Instant started, String fresh) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("Run of ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(started.atOffset(ZoneOffset.UTC).withNano(0)))
                .append(" UTC, ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("java.version")).append("; burst ").append(burst)
                .append(" changes per step, outages ").append(outage.toSeconds()).append(" s; total run ")
                .append(Duration.between(started, Instant.now()).toSeconds()).append(" s. Counts are cumulative.\n\n");
        table.append(HEADER);
        rows.forEach(r -> table.append(format(r)).append('\n'));
        table.append("\nFrom-scratch recompute: ").append(fresh).append('\n');
        table.append("Webhook calls refused (500): ").append(hooks.refused()).append(", hung: ").append(hooks.hung()).append('\n');
        say("\n" + table);
        Path doc = root.resolve("docs/reliability.md");
        String text = Files.readString(doc);
        String begin = "<!-- chaos-results:begin -->";
        String end = "<!-- chaos-results:end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from + begin.length()) + "\n" + table + text.substring(to);
            Files.writeString(doc, text);
            say("Results written to " + doc);
        }
        Files.writeString(root.resolve(".amhub/chaos/results.md"), table);
    }

    private String url(String module, String path) {
        return SystemRunner.service(module).baseUrl() + path;
    }

    private void close() {
        system.close();
        mail.close();
        hooks.close();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
