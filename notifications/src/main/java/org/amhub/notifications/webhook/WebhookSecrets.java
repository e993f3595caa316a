package org.amhub.notifications.webhook;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.amhub.notifications.repository.Subscription;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Webhook signing secrets: generated here in Standard Webhooks form ({@code whsec_} + base64 of 32 random bytes),
 * shown to the client once, and stored only encrypted (AES-256-GCM, a random 96-bit nonce per value, the subscription
 * id as associated data so a stored value cannot be moved to another subscription). The key is
 * {@code amhub.webhooks.secret-key}: base64 of 32 bytes, one per install (the launcher generates it; a deployment
 * sets {@code AMHUB_WEBHOOKS_SECRET_KEY}).
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    /** Marks an encrypted value; rows without it are plaintext from before encryption and are encrypted at start. */
    static final String PREFIX = "aesgcm.v1.";
    private static final int SECRET_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    @ConfigMapping(prefix = "amhub.webhooks")
    public interface Config {
        /** Base64 of a 32-byte AES key; {@code openssl rand -base64 32}. */
        String secretKey();
    }

    private final SecretKeySpec key;

    @jakarta.inject.Inject
    public WebhookSecrets(Config config) {
        this(config.secretKey());
    }

    public WebhookSecrets(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("amhub.webhooks.secret-key must be base64 (of 32 bytes)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("amhub.webhooks.secret-key must hold 32 bytes, it holds " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A new secret in Standard Webhooks form. */
    public static String generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    public String encrypt(UUID subscriptionId, String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(subscriptionId.toString().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The secret in clear, to sign with; null when none is stored. */
    public String decrypt(UUID subscriptionId, String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(PREFIX)) {
            return stored; // written before encryption; encryptLegacy() seals it at the next start
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            cipher.updateAAD(subscriptionId.toString().getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Another install's key, or a tampered row: the webhook cannot be signed and so is never sent.
            throw new IllegalStateException("webhook secret of subscription " + subscriptionId + " cannot be decrypted with this key");
        }
    }

    public String secretOf(Subscription subscription) {
        return decrypt(subscription.id, subscription.webhookSecret);
    }

    /** Secrets stored in clear by earlier versions are encrypted once, at start. */
    void encryptLegacy(@Observes StartupEvent start) {
        int sealed = QuarkusTransaction.requiringNew().call(() -> {
            List<Subscription> legacy = Subscription.list("webhookSecret IS NOT NULL AND webhookSecret NOT LIKE ?1", PREFIX + "%");
            legacy.forEach(s -> s.webhookSecret = encrypt(s.id, s.webhookSecret));
            return legacy.size();
        });
        if (sealed > 0) {
            LOG.infof("Encrypted %d webhook secrets stored in clear by an earlier version", sealed);
        }
    }
}
