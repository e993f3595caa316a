package org.amhub.launcher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The harness's own token issuer: an RSA key pair made per run, the services told to trust its public key
 * ({@link #serviceConfig()}) instead of Keycloak's, and one long-lived admin access token (RS256, roles in
 * {@code realm_access.roles} like the realm's). Keeps the harnesses that run the whole system (chaos, bench) free of a
 * Keycloak process; {@code name} tells their tokens apart.
 */
public final class HarnessToken {

    private final String issuer;
    private final String name;

    private final KeyPair keys;
    private final String token;

    public HarnessToken(String name) {
        this.name = name;
        this.issuer = "https://amhub-" + name + ".local/realms/amhub";
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            token = sign(Duration.ofHours(24));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bearer token of an admin. */
    public String token() {
        return token;
    }

    /** What each service needs to verify the token: the public key and issuer, no provider to reach. */
    public Map<String, String> serviceConfig() {
        return Map.of(
                "quarkus.oidc.auth-server-url", "",
                "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", issuer);
    }

    private String sign(Duration lifetime) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"amhub-" + name + "\"}";
        String payload = "{\"iss\":\"" + issuer + "\",\"aud\":[\"hub-registry\",\"matchmaker\",\"notifications\"],"
                + "\"sub\":\"" + name + "-admin\",\"preferred_username\":\"admin\",\"realm_access\":{\"roles\":[\"admin\"]},"
                + "\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + now + ",\"exp\":" + (now + lifetime.toSeconds()) + "}";
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(signature.sign());
    }
}
