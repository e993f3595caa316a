package org.amhub.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The REST calls the harness makes, as any client would. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String auth;

    Api(String adminToken) {
        this.auth = "Bearer " + adminToken;
    }

    record Reply(int status, JsonNode body, String etag) {
    }

    Reply get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET());
    }

    Reply post(String url, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Reply put(String url, Object body, String ifMatch) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Content-Type", "application/json")
                .header("If-Match", ifMatch).PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    String text(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body() == null || response.body().isBlank() ? JSON.nullNode() : parse(response.body());
        return new Reply(response.statusCode(), body, response.headers().firstValue("ETag").orElse(null));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    /** The writable fields of a hub profile, as the registry's PUT takes them. */
    static ObjectNode toRequest(JsonNode profile) {
        ObjectNode request = JSON.createObjectNode();
        for (String field : List.of("slug", "name", "country", "region", "hostEntities", "contactEmail", "population",
                "topIndustries", "workforceInManufacturingPct", "manufacturingShareOfGdpPct", "status")) {
            if (profile.hasNonNull(field)) {
                request.set(field, profile.get(field));
            }
        }
        for (String list : List.of("priorities", "capabilities", "needs")) {
            ArrayNode claims = request.putArray(list);
            for (JsonNode claim : profile.path(list)) {
                ObjectNode c = claims.addObject();
                c.put("topic", claim.path("topic").asText());
                c.put("text", claim.path("text").asText());
                if (claim.hasNonNull("evidence")) {
                    c.put("evidence", claim.get("evidence").asText());
                }
            }
        }
        ArrayNode programmes = request.putArray("programmes");
        for (JsonNode programme : profile.path("programmes")) {
            ObjectNode p = programmes.addObject();
            p.put("name", programme.path("name").asText());
            for (String field : List.of("description", "evidence")) {
                if (programme.hasNonNull(field)) {
                    p.put(field, programme.get(field).asText());
                }
            }
            if (programme.has("topics")) {
                p.set("topics", programme.get("topics"));
            }
        }
        return request;
    }
}
