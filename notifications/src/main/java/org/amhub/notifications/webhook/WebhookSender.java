package org.amhub.notifications.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.notifications.config.NotificationsConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
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

    public WebhookSender(NotificationsConfig config, WebhookUrlPolicy policy, ObjectMapper mapper, MeterRegistry metrics) {
        this.config = config;
        this.policy = policy;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
        URI uri = policy.check(url);
        String body;
        try {
            body = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.webhooks().timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "amhub-notifications")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        String endpoint = HostCircuitBreakers.endpoint(uri);
        breakers.acquire(endpoint);
        boolean ok = false;
        try {
            HttpResponse<String> response = call(request);
            if (response.statusCode() / 100 != 2) {
                String answer = response.body() == null || response.body().isBlank() ? "" : ": " + response.body().strip();
                throw new IOException("webhook answered HTTP " + response.statusCode() + (answer.length() > 200 ? answer.substring(0, 200) : answer));
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

    /** The exchange with one deadline for everything, the response body read up to {@code max-response-bytes}. */
    private HttpResponse<String> call(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request,
                info -> new BoundedBody(config.webhooks().maxResponseBytes()));
        try {
            return future.get(config.webhooks().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("webhook did not answer within " + config.webhooks().timeout());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    /** Keeps the first {@code max} bytes of a body; beyond them it stops reading and completes. */
    static final class BoundedBody implements HttpResponse.BodySubscriber<String> {
        private final int max;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), max - bytes.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                bytes.write(chunk, 0, take);
            }
            if (bytes.size() >= max) {
                subscription.cancel();
                body.complete(bytes.toString(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public synchronized void onComplete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
