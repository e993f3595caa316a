package org.amhub.notifications.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.notifications.config.NotificationsConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/** POSTs signed JSON payloads. Redirects are not followed: a redirect could lead past the URL policy. */
@ApplicationScoped
public class WebhookSender {

    private final HttpClient http;
    private final NotificationsConfig config;
    private final WebhookUrlPolicy policy;
    private final ObjectMapper mapper;

    public WebhookSender(NotificationsConfig config, WebhookUrlPolicy policy, ObjectMapper mapper) {
        this.config = config;
        this.policy = policy;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends one payload; {@code id} is the delivery id, stable across retries, so receivers can drop repeats.
     *
     * @throws WebhookUrlPolicy.RefusedUrlException when the URL may not be called (permanent)
     * @throws IOException on a network failure or a non-2xx answer (worth retrying)
     */
    public void send(String url, String secret, String id, Object payload) throws IOException, InterruptedException {
        URI uri = policy.check(url);
        String body;
        try {
            body = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.webhooks().timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "amhub-notifications")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null && !secret.isEmpty()) {
            request.header("webhook-signature", WebhookSigner.sign(secret, id, timestamp, body));
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered HTTP " + response.statusCode());
        }
    }
}
