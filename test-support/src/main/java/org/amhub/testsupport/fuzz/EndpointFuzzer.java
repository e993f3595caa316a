package org.amhub.testsupport.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Fires generated hostile requests at a service's endpoints and collects every answer that breaks the contract:
 * a 5xx (or no answer), a 4xx that is not {@code application/problem+json} with {@code status} and {@code title},
 * or a 400/422 whose problem does not name the offending {@code field}. The run is bounded by its request count.
 */
public final class EndpointFuzzer {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");
    private static final int MAX_BODY_READ = 4 * 1024 * 1024;
    /** Below the HTTP server's request-line limit (Vert.x: 4096), which answers a longer line itself with a bare 414. */
    private static final int MAX_URL_PART = 1800;

    /**
     * An endpoint: method, path template ({@code /api/hubs/{id}}), the query parameters and headers it reads, valid
     * values for its path parameters (so hostile query parameters and bodies reach the code behind them) and, for
     * endpoints that read a JSON body, a valid body to bend.
     */
    public record Endpoint(String method, String path, List<String> queryParams, List<String> headers,
                           Map<String, List<String>> validPathValues, Supplier<Map<String, Object>> body) {

        public static Endpoint of(String method, String path) {
            return new Endpoint(method, path, List.of(), List.of(), Map.of(), null);
        }

        public Endpoint query(String... names) {
            return new Endpoint(method, path, List.of(names), headers, validPathValues, body);
        }

        public Endpoint headers(String... names) {
            return new Endpoint(method, path, queryParams, List.of(names), validPathValues, body);
        }

        public Endpoint valid(String pathParam, String... values) {
            Map<String, List<String>> values2 = new LinkedHashMap<>(validPathValues);
            values2.put(pathParam, List.of(values));
            return new Endpoint(method, path, queryParams, headers, values2, body);
        }

        public Endpoint body(Map<String, Object> validBody) {
            return body(() -> validBody);
        }

        /** A fresh valid body per request (unique names, so creations get past duplicate checks). */
        public Endpoint body(Supplier<Map<String, Object>> validBodies) {
            return new Endpoint(method, path, queryParams, headers, validPathValues, validBodies);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Who calls: {@link #ANONYMOUS} or a bearer token (see {@code org.amhub.testsupport.auth.Tokens}). */
    public record Caller(String name, String authorization) {
        public static final Caller ANONYMOUS = new Caller("anonymous", null);

        public static Caller bearer(String name, String token) {
            return new Caller(name, "Bearer " + token);
        }
    }

    public record Result(int requests, Map<Integer, Integer> statuses, Map<String, Integer> perEndpoint, List<String> violations) {
        public String summary() {
            return requests + " requests, statuses " + statuses + ", per endpoint " + perEndpoint + ", " + violations.size() + " violations";
        }
    }

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public EndpointFuzzer(URI base) {
        this.base = base;
    }

    /**
     * Sends {@code requests} requests: endpoints in turn, callers in turn per round, values from {@code seed}.
     * Violations are listed once per endpoint, status and kind of fault, with the first request that showed it.
     */
    public Result run(List<Endpoint> endpoints, List<Caller> callers, int requests, long seed) {
        HostileInputs hostile = new HostileInputs(seed);
        Map<String, String> violations = new LinkedHashMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> perEndpoint = new LinkedHashMap<>();
        for (int i = 0; i < requests; i++) {
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            Caller caller = callers.get((i / endpoints.size()) % callers.size());
            String[] sentBody = new String[1];
            HttpRequest request = build(endpoint, caller, hostile, sentBody);
            perEndpoint.merge(endpoint.toString(), 1, Integer::sum);
            String fault;
            int status;
            try {
                HttpResponse<InputStream> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                        .get(60, TimeUnit.SECONDS);
                status = response.statusCode();
                String type = response.headers().firstValue("Content-Type").orElse("");
                String body = type.startsWith("text/event-stream") ? "" : read(response.body());
                response.body().close();
                fault = check(status, type, body);
            } catch (Exception e) {
                status = -1;
                fault = "no answer: " + e;
            }
            statuses.merge(status, 1, Integer::sum);
            if (fault != null) {
                String key = endpoint + " " + caller.name() + " " + status + " " + fault.replaceAll("body: .*", "");
                violations.putIfAbsent(key, endpoint + " as " + caller.name() + " -> " + status + " " + fault
                        + "\n    request: " + request.method() + " " + abbreviate(request.uri().toString())
                        + (sentBody[0] == null ? "" : "\n    body: " + abbreviate(sentBody[0])));
            }
        }
        return new Result(requests, statuses, perEndpoint, new ArrayList<>(violations.values()));
    }

    static String check(int status, String type, String body) {
        if (status >= 500) {
            return "server error; body: " + abbreviate(body);
        }
        if (status < 400) {
            return null;
        }
        if (!type.startsWith("application/problem+json")) {
            return "not problem+json (" + type + "); body: " + abbreviate(body);
        }
        Matcher statusMember = Pattern.compile("\"status\"\\s*:\\s*(\\d+)").matcher(body);
        if (!statusMember.find() || Integer.parseInt(statusMember.group(1)) != status || !body.matches("(?s).*\"title\"\\s*:\\s*\".+")) {
            return "problem without status or title; body: " + abbreviate(body);
        }
        if ((status == 400 || status == 422) && !body.matches("(?s).*\"field\"\\s*:\\s*\"[^\"].*")) {
            return "problem names no field; body: " + abbreviate(body);
        }
        return null;
    }

    private HttpRequest build(Endpoint endpoint, Caller caller, HostileInputs hostile, String[] sentBody) {
        StringBuilder path = new StringBuilder();
        Matcher param = PATH_PARAM.matcher(endpoint.path());
        while (param.find()) {
            List<String> valid = endpoint.validPathValues().getOrDefault(param.group(1), List.of());
            String value = !valid.isEmpty() && hostile.chance(0.5) ? hostile.pick(valid) : hostile.urlString();
            param.appendReplacement(path, Matcher.quoteReplacement(capped(encode(value))));
        }
        param.appendTail(path);
        StringBuilder query = new StringBuilder();
        for (String name : endpoint.queryParams()) {
            if (hostile.chance(0.6) && query.length() < MAX_URL_PART) {
                query.append(query.isEmpty() ? '?' : '&').append(encode(name)).append('=').append(encode(hostile.queryValue()));
                if (hostile.chance(0.05)) { // the same parameter twice
                    query.append('&').append(encode(name)).append('=').append(encode(hostile.queryValue()));
                }
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path + capped(query.toString())))
                .timeout(Duration.ofSeconds(30));
        if (caller.authorization() != null) {
            request.header("Authorization", caller.authorization());
        }
        for (String header : endpoint.headers()) {
            if (hostile.chance(0.7)) {
                String value = hostile.string().replaceAll("[^\\x20-\\x7E]", "");
                request.header(header, value.length() > 2000 ? value.substring(0, 2000) : value.isEmpty() ? "\"x\"" : value);
            }
        }
        if (endpoint.body() != null) {
            String body = hostile.body(endpoint.body().get());
            sentBody[0] = body;
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }

    /** At most {@link #MAX_URL_PART} characters, never cutting a percent-encoded byte. */
    static String capped(String encoded) {
        if (encoded.length() <= MAX_URL_PART) {
            return encoded;
        }
        int end = MAX_URL_PART;
        while (end > 0 && (encoded.charAt(end - 1) == '%' || (end > 1 && encoded.charAt(end - 2) == '%'))) {
            end--;
        }
        return encoded.substring(0, end);
    }

    /** A path segment or query component, percent-encoded (a space as %20). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_READ);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…(" + flat.length() + " chars)";
    }
}
