package org.amhub.notifications;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server that records webhook calls; each path answers with the status the test chose. */
final class WebhookReceiver implements AutoCloseable {

    record Call(String path, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    /** A path's call waits for this before answering (the first call only when {@link #firstCallOnly} holds the path). */
    final Map<String, java.util.concurrent.CountDownLatch> holdByPath = new ConcurrentHashMap<>();
    final java.util.Set<String> firstCallOnly = ConcurrentHashMap.newKeySet();
    /** A path answers HTTP 500 to this many calls, then the usual status. */
    final Map<String, Integer> failFirst = new ConcurrentHashMap<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(path, headers, body));
            java.util.concurrent.CountDownLatch hold = holdByPath.get(path);
            if (hold != null && (!firstCallOnly.contains(path) || callsTo(path).size() == 1)) {
                try {
                    hold.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = callsTo(path).size() <= failFirst.getOrDefault(path, 0) ? 500 : statusByPath.getOrDefault(path, 204);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a held call must not block the others
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Call> callsTo(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
