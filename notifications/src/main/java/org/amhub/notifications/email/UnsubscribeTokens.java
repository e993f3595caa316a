package org.amhub.notifications.email;

import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.notifications.config.UnsubscribeConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Tokens for one-click unsubscribe links: the subscription id and an HMAC-SHA256 of it under
 * {@code amhub.unsubscribe.key}, both base64url. Without the key nobody can make a token for another subscription.
 */
@ApplicationScoped
public class UnsubscribeTokens {

    private static final String PURPOSE = "amhub-unsubscribe:v1:";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final String baseUrl;

    public UnsubscribeTokens(UnsubscribeConfig config) {
        if (config.key().isBlank()) {
            throw new IllegalStateException("amhub.unsubscribe.key (AMHUB_UNSUBSCRIBE_KEY) must be set");
        }
        this.key = config.key().getBytes(StandardCharsets.UTF_8);
        this.baseUrl = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
    }

    public String token(UUID subscriptionId) {
        ByteBuffer id = ByteBuffer.allocate(16).putLong(subscriptionId.getMostSignificantBits()).putLong(subscriptionId.getLeastSignificantBits());
        return ENCODER.encodeToString(id.array()) + "." + ENCODER.encodeToString(mac(subscriptionId));
    }

    /** The link for the {@code List-Unsubscribe} header and the emails' footers. */
    public String url(UUID subscriptionId) {
        return baseUrl + "/api/unsubscribe?token=" + token(subscriptionId);
    }

    /** The subscription a token was made for, or empty when it is malformed or its signature does not match. */
    public Optional<UUID> verify(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] id = Base64.getUrlDecoder().decode(token.substring(0, dot));
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (id.length != 16) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(id);
            UUID subscriptionId = new UUID(buffer.getLong(), buffer.getLong());
            // constant time: a timing difference must not reveal how much of a forged signature was right
            return MessageDigest.isEqual(mac(subscriptionId), signature) ? Optional.of(subscriptionId) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private byte[] mac(UUID subscriptionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((PURPOSE + subscriptionId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
