package org.amhub.testsupport.auth;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bearer tokens for tests, shaped like the access tokens of the Keycloak realm {@code amhub} (RS256; roles in
 * {@code realm_access.roles}; {@code preferred_username}; an audience per service) but signed with a test key, so that
 * the suite needs no Keycloak. Each service's {@code %test} profile verifies them with the matching public key
 * ({@code quarkus.oidc.public-key}), issuer {@link #ISSUER} and its own audience.
 * <p>
 * The key pair lives in this module's resources ({@code org/amhub/testsupport/auth/test-*-key.pem}); it protects
 * nothing but test data. {@link #forged()} signs with a key generated at random per run.
 */
public final class Tokens {

    public static final String ISSUER = "https://amhub.test/realms/amhub";
    public static final List<String> SERVICE_AUDIENCES = List.of("hub-registry", "matchmaker", "notifications");
    public static final String KEY_ID = "amhub-test";

    private static final PrivateKey TEST_KEY = loadPrivateKey("org/amhub/testsupport/auth/test-private-key.pem");

    private Tokens() {
    }

    /** An administrator (realm role {@code admin}). */
    public static String admin() {
        return token("admin", List.of("admin")).sign();
    }

    /** The coordinator of hub {@code slug} (realm roles {@code coordinator} and {@code hub:<slug>}). */
    public static String coordinator(String slug) {
        return token(slug + "-coordinator", List.of("coordinator", "hub:" + slug)).sign();
    }

    /** An authenticated user with no role at all. */
    public static String noRole() {
        return token("nobody", List.of()).sign();
    }

    /** An admin token signed with a key nobody trusts. */
    public static String forged() {
        return token("admin", List.of("admin")).signWith(ForeignKey.KEY);
    }

    /** An admin token that expired an hour ago. */
    public static String expired() {
        return token("admin", List.of("admin")).issuedAt(Instant.now().minus(Duration.ofHours(2)))
                .expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
    }

    /** An admin token from another issuer (signed with the trusted key all the same). */
    public static String wrongIssuer() {
        return token("admin", List.of("admin")).issuer("https://elsewhere.test/realms/amhub").sign();
    }

    /** An admin token meant for another audience (signed with the trusted key all the same). */
    public static String wrongAudience() {
        return token("admin", List.of("admin")).audience(List.of("some-other-api")).sign();
    }

    /** A token to adjust before {@link Token#sign()}. */
    public static Token token(String username, List<String> roles) {
        return new Token(username, roles);
    }

    /** A token under construction; defaults: issuer {@link #ISSUER}, every service as audience, valid for an hour. */
    public static final class Token {
        private final String username;
        private final List<String> roles;
        private String issuer = ISSUER;
        private List<String> audience = SERVICE_AUDIENCES;
        private Instant issuedAt = Instant.now();
        private Instant expiresAt = Instant.now().plus(Duration.ofHours(1));

        private Token(String username, List<String> roles) {
            this.username = username;
            this.roles = List.copyOf(roles);
        }

        public Token issuer(String value) {
            this.issuer = value;
            return this;
        }

        public Token audience(List<String> value) {
            this.audience = List.copyOf(value);
            return this;
        }

        public Token issuedAt(Instant value) {
            this.issuedAt = value;
            return this;
        }

        public Token expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        public String sign() {
            return signWith(TEST_KEY);
        }

        String signWith(PrivateKey key) {
            JwtClaimsBuilder claims = Jwt.claims()
                    .issuer(issuer)
                    .audience(new LinkedHashSet<>(audience))
                    .subject(UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
                    .preferredUserName(username)
                    .claim("typ", "Bearer")
                    .claim("azp", "amhub-cli")
                    .claim("realm_access", Map.of("roles", roles))
                    .claim("jti", UUID.randomUUID().toString())
                    .issuedAt(issuedAt.getEpochSecond())
                    .expiresAt(expiresAt.getEpochSecond());
            return claims.jws().keyId(KEY_ID).algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
        }
    }

    /** Generated on first use, once per run. */
    private static final class ForeignKey {
        static final PrivateKey KEY = generate();

        private static PrivateKey generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair().getPrivate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static PrivateKey loadPrivateKey(String resource) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unreadable test key " + resource, e);
        }
    }
}
