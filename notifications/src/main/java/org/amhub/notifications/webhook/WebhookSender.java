package org.amhub.notifications.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import org.amhub.notifications.config.NotificationsConfig;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs signed JSON payloads. Redirects are not followed: a redirect could lead past the URL policy. The whole call,
 * response body included, is bounded by {@code webhooks.timeout} and the body by {@code max-response-bytes}; each
 * endpoint has its own circuit breaker. A payload is never sent unsigned.
 */
@ApplicationScoped
public class WebhookSender {

    /** A webhook that cannot be signed is never sent: retrying cannot help. */
    public static class UnsignedWebhookException extends IllegalStateException {
        public UnsignedWebhookException() {
            super("no signing secret: an unsigned webhook is never sent");
        }
    }

    private final HttpClient http;
    private final NotificationsConfig config;
    private final WebhookUrlPolicy policy;
    private final ObjectMapper mapper;
    private final HostCircuitBreakers breakers;

    public WebhookSender(NotificationsConfig config, WebhookUrlPolicy policy, ObjectMapper mapper, MeterRegistry metrics,
                         Vertx vertx) {
        this.config = config;
        this.policy = policy;
        this.mapper = mapper;
        // Vert.x rather than the JDK client: it connects to a given address while keeping the URL's host for the Host
        // header, TLS SNI and certificate check, which is what defeats DNS rebinding.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.webhooks().timeout().toMillis())
                .setVerifyHost(true)
                .setForceSni(true)
                .setMaxRedirects(0));
        this.breakers = new HostCircuitBreakers(config.webhooks().circuitBreaker().failureThreshold(),
                config.webhooks().circuitBreaker().openFor(), Clock.systemUTC());
        Gauge.builder("amhub.notifications.webhook.circuits.open", breakers, HostCircuitBreakers::openCount)
                .description("Webhook endpoints whose circuit breaker is open").register(metrics);
    }

    /**
     * Sends one payload; {@code id} is the delivery id, stable across retries, so receivers can drop repeats.
     *
     * @throws WebhookUrlPolicy.RefusedUrlException when the URL may not be called (permanent)
     * @throws UnsignedWebhookException             when there is no secret to sign with (permanent)
     * @throws HostCircuitBreakers.CircuitOpenException when the endpoint's circuit is open (not an attempt)
     * @throws IOException on a network failure, a timeout or a non-2xx answer (worth retrying)
     */
    public void send(String url, String secret, String id, Object payload) throws IOException, InterruptedException {
        if (secret == null || secret.isBlank()) {
            throw new UnsignedWebhookException();
        }
        WebhookUrlPolicy.Target target;
        try {
            target = policy.target(url);
        } catch (java.io.UncheckedIOException lookupFailed) {
            throw lookupFailed.getCause(); // worth retrying
        }
        String body;
        try {
            body = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.uri().getHost())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                // the address that passed the policy, not a second lookup of the name
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(config.webhooks().timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "amhub-notifications")
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSigner.sign(secret, id, timestamp, body));
        String endpoint = HostCircuitBreakers.endpoint(target.uri());
        breakers.acquire(endpoint);
        boolean ok = false;
        try {
            Answer response = call(request, body);
            if (response.status() / 100 != 2) {
                String answer = response.body().isBlank() ? "" : ": " + response.body().strip();
                throw new IOException("webhook answered HTTP " + response.status() + (answer.length() > 200 ? answer.substring(0, 200) : answer));
            }
            ok = true;
        } finally {
            if (ok) {
                breakers.success(endpoint);
            } else {
                breakers.failure(endpoint);
            }
        }
    }

    /** A receiver's answer: its status and the first {@code max-response-bytes} of its body. */
    record Answer(int status, String body) {
    }

    /** Reads the status and up to {@code max} bytes of the body, then completes {@code answer}. */
    private static void read(HttpClientResponse response, CompletableFuture<Answer> answer, int max) {
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (answer.isDone()) {
                return;
            }
            received.appendBuffer(chunk, 0, Math.min(chunk.length(), max - received.length()));
            if (received.length() >= max) {
                // enough read: stop the transfer rather than take whatever size the receiver sends
                answer.complete(new Answer(response.statusCode(), received.toString(StandardCharsets.UTF_8)));
                response.request().connection().close();
            }
        });
        response.endHandler(end -> answer.complete(new Answer(response.statusCode(), received.toString(StandardCharsets.UTF_8))));
        response.exceptionHandler(answer::completeExceptionally);
    }

    /** The exchange with one deadline for everything, the response body read up to {@code max-response-bytes}. */
    private Answer call(RequestOptions options, String body) throws IOException, InterruptedException {
        int max = config.webhooks().maxResponseBytes();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        http.request(options)
                .compose(request -> {
                    // The response's handlers go on before the request is sent. Registered on send()'s future once it
                    // had completed (a fast receiver while this thread waited for a core), they found the response
                    // already ended, its body dropped, and the call waited for the timeout ("Response already ended").
                    request.response().onSuccess(response -> read(response, answer, max));
                    return request.send(Buffer.buffer(body));
                })
                .onFailure(answer::completeExceptionally);
        try {
            return answer.get(config.webhooks().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("webhook did not answer within " + config.webhooks().timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }
}
