package org.amhub.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP receiver for the signed webhooks. It counts every accepted call per {@code webhook-id} (the delivery
 * id, the same on each retry), and can be told to answer 500 or to hang.
 */
final class WebhookReceiver implements AutoCloseable {

    enum Mode { OK, FAIL, HANG }

    private final HttpServer server;
    private volatile Mode mode = Mode.OK;
    private final Duration hang;
    /** webhook-id -> calls answered 2xx. */
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger hung = new AtomicInteger();

    WebhookReceiver(int port, Duration hang) throws IOException {
        this.hang = hang;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url(String hub) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + hub;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            Mode now = mode;
            if (now == Mode.FAIL) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            if (now == Mode.HANG) {
                hung.incrementAndGet();
                try {
                    Thread.sleep(hang.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // Answers late: the sender has timed out by now, so it does not know this call got through.
            }
            accepted.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** webhook-id -> number of accepted calls. */
    Map<String, Integer> accepted() {
        Map<String, Integer> copy = new java.util.HashMap<>();
        accepted.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    int refused() {
        return refused.get();
    }

    /** Calls answered with 500 or held, since the receiver started. */
    int troubled() {
        return refused.get() + hung.get();
    }

    int hung() {
        return hung.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
