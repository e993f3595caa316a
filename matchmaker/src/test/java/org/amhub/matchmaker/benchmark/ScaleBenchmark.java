package org.amhub.matchmaker.benchmark;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.TopicClaim;
import org.amhub.matchmaker.scoring.MatchEngine;
import org.amhub.matchmaker.scoring.ScoringModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Scale harness (not a test): synthetic networks of N profiles; reports the full build, the incremental update
 * latency (p50/p99 over random profile changes) and heap, beside the naive baseline of rescoring every pair after a
 * change, measured in the same run. Run: {@code mvn -pl matchmaker -am -Pbenchmark -DskipTests verify}.
 */
public final class ScaleBenchmark {

    private static final Taxonomy TAXONOMY = Taxonomy.standard();
    private static final List<String> TOPICS = TAXONOMY.topics().stream().map(Taxonomy.Topic::id).toList();
    private static final String[] WORDS = ("printing robot sensor hydrogen battery composite alloy weld casting machining "
            + "logistics dairy grain textile fibre chip wafer laser optics drone ship hull turbine blade software twin "
            + "analytics training academy cluster export finance grant pilot testbed factory lean quality metrology").split(" ");
    private static final String[] INDUSTRIES = {"Automotive", "Aerospace", "Food", "Chemicals", "Textiles", "Steel",
            "Machinery", "Electronics", "Medical", "Shipbuilding", "Construction", "Plastics", "Furniture", "Toys",
            "Glass", "Paper", "Cement", "Rail", "Energy", "Mining"};

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000,100000").split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        int updates = Integer.getInteger("updates", 2000);
        System.out.printf("Java %s, %d cores available, max heap %d MiB; %d incremental updates per size%n%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, updates);
        System.out.println("| profiles | full build (s) | bulk load (s) | incremental p50 (ms) | incremental p99 (ms) | heap after build (MiB) | baseline: rescore every pair (s) | speed-up p99 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int n : sizes) {
            try {
                run(n, updates);
            } catch (RuntimeException | Error e) {
                e.printStackTrace(System.out);
                throw e;
            }
        }
    }

    static void run(int n, int updates) {
        Random random = new Random(42);
        // Synthetic claims are random word strings, each distinct: embedding them (2–5 ms each, once per distinct text)
        // would measure the model, not the engine. The engine's cost is the same with either claim comparison.
        ScoringModel defaults = ScoringModel.defaults().withClaimSimilarity(ScoringModel.LEXICAL);
        MatchEngine engine = new MatchEngine(defaults, TAXONOMY);
        List<HubProfile> profiles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            profiles.add(profile(i, 1, random));
        }
        System.gc();
        long start = System.nanoTime();
        // Build by inserting one profile at a time: the incremental path, as a network grows.
        for (HubProfile profile : profiles) {
            engine.upsert(profile);
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        // The bulk path a rebuild takes (MatchEngine.load: index everything, then rank each hub once), on a fresh engine
        MatchEngine bulk = new MatchEngine(defaults, TAXONOMY);
        System.gc();
        long bulkStart = System.nanoTime();
        bulk.load(profiles);
        double bulkSeconds = (System.nanoTime() - bulkStart) / 1e9;
        bulk = null;
        System.gc();
        long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;

        long[] latencies = new long[updates];
        for (int u = 0; u < updates; u++) {
            int index = random.nextInt(n);
            HubProfile changed = profile(index, u + 2, random);
            long t0 = System.nanoTime();
            engine.upsert(changed);
            latencies[u] = System.nanoTime() - t0;
        }
        Arrays.sort(latencies);
        double p50 = latencies[updates / 2] / 1e6, p99 = latencies[(int) (updates * 0.99)] / 1e6;

        // Baseline: what a change costs when every pair is rescored. Timed for real on a sample of pairs, then
        // scaled to n(n-1)/2 where a full pass would take hours.
        long pairs = (long) n * (n - 1) / 2;
        double baselineSeconds;
        String how;
        if (pairs <= 5_000_000L) {
            long t0 = System.nanoTime();
            engine.rescoreEveryPair();
            baselineSeconds = (System.nanoTime() - t0) / 1e9;
            how = "measured";
        } else {
            double perPair = samplePairCost(engine, profiles, random);
            baselineSeconds = perPair * pairs;
            how = "extrapolated from 1M timed pairs";
        }
        System.out.printf("| %,d | %.2f | %.2f | %.3f | %.3f | %d | %.1f (%s) | %,.0fx |%n", n, buildSeconds, bulkSeconds, p50, p99, heap,
                baselineSeconds, how, baselineSeconds * 1000 / p99);
    }

    private static double samplePairCost(MatchEngine engine, List<HubProfile> profiles, Random random) {
        int samples = 1_000_000;
        double sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            UUID a = profiles.get(random.nextInt(profiles.size())).id();
            UUID b = profiles.get(random.nextInt(profiles.size())).id();
            sink += engine.score(a, b);
        }
        long elapsed = System.nanoTime() - t0;
        if (sink < 0) {
            System.out.println(sink);
        }
        return elapsed / 1e9 / samples;
    }

    /** A synthetic member organisation: Zipf-like topic popularity, a few industries, short texts. */
    static HubProfile profile(int i, long version, Random random) {
        UUID id = new UUID(0, i);
        return new HubProfile(id, "org-" + i, "Org " + i, "Country " + random.nextInt(60), "Region " + random.nextInt(8),
                List.of("Host " + i), null, null,
                List.of(INDUSTRIES[zipf(random, INDUSTRIES.length)], INDUSTRIES[zipf(random, INDUSTRIES.length)]),
                null, null, HubStatus.ACTIVE, claims(random, 3), claims(random, 3), claims(random, 2), List.of(),
                version, null, null);
    }

    private static List<TopicClaim> claims(Random random, int count) {
        List<TopicClaim> claims = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 5; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            claims.add(new TopicClaim(TOPICS.get(zipf(random, TOPICS.size())), text.toString().strip(), null));
        }
        return claims;
    }

    private static int zipf(Random random, int n) {
        // Inverse-CDF sampling of a 1/rank distribution, enough to give the long tail of real topic lists.
        double u = random.nextDouble() * Math.log(n + 1);
        return Math.min(n - 1, (int) Math.exp(u) - 1);
    }
}
