package org.amhub.console.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator checks first, read from each service's own health and Prometheus endpoints (public, no token):
 * readiness with its checks, outbox backlog and age, dead letters waiting, and the delivery backlog.
 */
@ApplicationScoped
public class OperationsProbe {

    /** One service as the operations page shows it; {@code metrics} holds the figures the service exposes. */
    public record ServiceStatus(String name, String url, String status, List<Check> checks, Map<String, Double> metrics,
                                String error) {
        public boolean up() {
            return "UP".equals(status);
        }
    }

    public record Check(String name, String status) {
    }

    /** Prometheus names (Micrometer's dots become underscores) and what an operator calls them. */
    static final Map<String, String> WATCHED = watched();

    private final Map<String, String> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json;

    public OperationsProbe(ObjectMapper json,
                           @ConfigProperty(name = "quarkus.rest-client.hub-registry.url") String registry,
                           @ConfigProperty(name = "quarkus.rest-client.matchmaker.url") String matchmaker,
                           @ConfigProperty(name = "quarkus.rest-client.notifications.url") String notifications) {
        this.json = json;
        services.put("hub-registry", registry);
        services.put("matchmaker", matchmaker);
        services.put("notifications", notifications);
    }

    public List<ServiceStatus> statuses() {
        return services.entrySet().stream().map(e -> status(e.getKey(), e.getValue())).toList();
    }

    ServiceStatus status(String name, String url) {
        try {
            HttpResponse<String> health = get(url + "/q/health/ready");
            JsonNode body = json.readTree(health.body());
            List<Check> checks = new ArrayList<>();
            body.path("checks").forEach(c -> checks.add(new Check(c.path("name").asText(), c.path("status").asText())));
            Map<String, Double> metrics = metrics(get(url + "/q/metrics").body());
            return new ServiceStatus(name, url, body.path("status").asText("DOWN"), checks, metrics, null);
        } catch (IOException e) {
            return new ServiceStatus(name, url, "UNREACHABLE", List.of(), Map.of(), "Not answering: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServiceStatus(name, url, "UNKNOWN", List.of(), Map.of(), "Interrupted");
        }
    }

    /** The watched figures in a Prometheus text exposition, summed over labels (e.g. dead letters over topics). */
    static Map<String, Double> metrics(String exposition) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            int valueStart = line.lastIndexOf(' ');
            if (nameEnd <= 0 || valueStart < nameEnd) {
                continue;
            }
            String label = WATCHED.get(line.substring(0, nameEnd));
            if (label != null) {
                try {
                    double value = Double.parseDouble(line.substring(valueStart + 1));
                    if (Double.isFinite(value)) { // NaN: the gauge has nothing to report yet
                        values.merge(label, value, Double::sum);
                    }
                } catch (NumberFormatException ignored) {
                    // a malformed sample: not a figure to show
                }
            }
        }
        return values;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> watched() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("amhub_outbox_pending", "outbox pending");
        names.put("amhub_outbox_oldest_pending_age_seconds", "outbox oldest pending (s)");
        names.put("amhub_dead_letters_pending", "dead letters pending");
        names.put("amhub_notifications_deliveries_due", "deliveries due");
        names.put("amhub_notifications_deliveries_oldest_due_age_seconds", "oldest due delivery (s)");
        names.put("amhub_notifications_webhook_circuits_open", "webhook circuits open");
        return names;
    }
}
