package org.amhub.restsupport;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Limits writes per caller (the token's subject) and per client address with Bucket4j token buckets held in this
 * instance's memory (so N instances allow up to N times the limit; a shared limit would need a distributed bucket).
 * Over a limit: 429 problem with {@code Retry-After} in seconds. The client address is the connection's peer, or the
 * forwarded one when {@code quarkus.http.proxy.proxy-address-forwarding} is on behind a trusted proxy.
 */
@Singleton
public class WriteRateLimiter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    // Looked up on first use: filters are built at static init, before runtime config mappings exist
    private final Provider<RateLimitConfig> configs;
    private final Provider<CurrentIdentityAssociation> identities;
    private volatile RateLimitConfig config;
    private final Map<String, Bucket> callers = new ConcurrentHashMap<>();
    private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();

    public WriteRateLimiter(Provider<RateLimitConfig> configs, Provider<CurrentIdentityAssociation> identities) {
        this.configs = configs;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> limitWrites(ContainerRequestContext request, HttpServerRequest http) {
        if (config == null) {
            config = configs.get();
        }
        if (!config.enabled() || !WRITES.contains(request.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        Response refused = take(addresses, address, config.writesPerAddress(), "client address", request);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        // The token is checked here only to name the caller; a bad one is refused by the endpoint's own check (401).
        return identities.get().getDeferredIdentity()
                .onFailure().recoverWithNull()
                .map(identity -> {
                    String subject = subject(identity);
                    return subject == null ? null : take(callers, subject, config.writesPerCaller(), "caller", request);
                });
    }

    private static String subject(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    private Response take(Map<String, Bucket> buckets, String key, long perPeriod, String kind, ContainerRequestContext request) {
        if (buckets.size() >= config.maxTracked()) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perPeriod).refillGreedy(perPeriod, config.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return null;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        return Response.fromResponse(ProblemMappers.problem(429, "Too many requests",
                        "More than " + perPeriod + " writes per " + config.period() + " from this " + kind + "; retry after "
                                + seconds + " s", (jakarta.ws.rs.core.UriInfo) null, null))
                .header("Retry-After", Long.toString(seconds)).build();
    }
}
