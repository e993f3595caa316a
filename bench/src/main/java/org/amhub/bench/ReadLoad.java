package org.amhub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load generator for reads: a fixed pool of threads, each sending the same GET again as soon as the last
 * answer is read, for a fixed time (Java 17: no virtual threads). Counts requests per second and the latency tail.
 */
final class ReadLoad {

    record Result(String label, int threads, double seconds, int requests, int unexpected, int status, double p50, double p99,
                  long bytes) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    Result run(String label, String url, Map<String, String> headers, int expectedStatus, int threads, Duration warmUp,
               Duration duration) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        loop(request, expectedStatus, threads, warmUp, new Stats(), new AtomicInteger(), new AtomicInteger(), new long[1]);
        Stats stats = new Stats();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        long[] bytes = new long[1];
        long start = System.nanoTime();
        loop(request, expectedStatus, threads, duration, stats, requests, unexpected, bytes);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(label, threads, seconds, requests.get(), unexpected.get(), expectedStatus, stats.p50(), stats.p99(),
                requests.get() == 0 ? 0 : bytes[0] / requests.get());
    }

    private void loop(HttpRequest request, int expectedStatus, int threads, Duration duration, Stats stats,
                      AtomicInteger requests, AtomicInteger unexpected, long[] bytes) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        stats.add((System.nanoTime() - sent) / 1e6);
                        requests.incrementAndGet();
                        synchronized (bytes) {
                            bytes[0] += response.body().length;
                        }
                        if (response.statusCode() != expectedStatus) {
                            unexpected.incrementAndGet();
                        }
                    } catch (Exception e) {
                        unexpected.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
    }
}
