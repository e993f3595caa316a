package org.amhub.notifications.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.amhub.notifications.config.LinksConfig;
import org.amhub.notifications.config.NotificationsConfig;
import org.amhub.notifications.email.UnsubscribeTokens;
import org.amhub.notifications.email.EmailSender;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Subscription;
import org.amhub.notifications.webhook.HostCircuitBreakers;
import org.amhub.notifications.webhook.WebhookSender;
import org.amhub.notifications.webhook.WebhookUrlPolicy;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Once a day, gathers each digest subscriber's waiting items into one email (or one webhook call) per recipient.
 * Nothing waiting, nothing sent: there are no empty digests. A digest that fails is retried with the delivery
 * worker's backoff (not a day later) until {@code max-attempts}, then its items are marked DEAD.
 * <p>
 * The daily run holds a PostgreSQL advisory lock ({@link SingletonJobs}), so with several instances it runs on one.
 * Each recipient's digest is claimed like a delivery: in a short transaction, under a per-recipient advisory
 * transaction lock, its waiting rows get a lease and a claim token; the digest is sent outside any transaction; the
 * outcome is recorded in another short transaction, under the token. A second caller (the retry poll, another
 * instance, a test) finds the rows leased or SENT and sends nothing.
 */
@ApplicationScoped
public class DigestService {

    private static final Logger LOG = Logger.getLogger(DigestService.class);

    private final NotificationsConfig config;
    private final LinksConfig links;
    private final UnsubscribeTokens unsubscribe;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final DeliveryWorker worker;
    private final SingletonJobs jobs;
    private final EntityManager entityManager;

    public DigestService(NotificationsConfig config, LinksConfig links, UnsubscribeTokens unsubscribe, EmailSender email,
                         WebhookSender webhooks, DeliveryWorker worker, SingletonJobs jobs, EntityManager entityManager) {
        this.config = config;
        this.links = links;
        this.unsubscribe = unsubscribe;
        this.email = email;
        this.webhooks = webhooks;
        this.worker = worker;
        this.jobs = jobs;
        this.entityManager = entityManager;
    }

    private record Recipient(UUID subscriptionId, Delivery.Channel channel, String address) {
    }

    private record Claimed(List<UUID> ids, String token, String digestId, UUID hubId, String hubName, List<Alert> alerts,
                           String secret, int attempts, String link, String unsubscribeUrl) {
    }

    @Scheduled(cron = "${amhub.notifications.digest.cron:0 0 7 * * ?}", identity = "daily-digest")
    void daily() {
        jobs.runExclusively("daily-digest", this::sendDigests);
    }

    @Scheduled(every = "${amhub.notifications.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "digest-retry")
    void retryFailed() {
        send(QuarkusTransaction.requiringNew().call(() -> recipients(Delivery.list(
                "status = ?1 AND lastError IS NOT NULL AND nextAttemptAt <= ?2", Delivery.Status.DIGEST, Instant.now()))), true);
    }

    /** Sends every waiting digest now; returns how many digests went out. */
    public int sendDigests() {
        return send(QuarkusTransaction.requiringNew().call(() -> recipients(Delivery.list("status", Delivery.Status.DIGEST))), false);
    }

    private static List<Recipient> recipients(List<Delivery> waiting) {
        return waiting.stream().map(d -> new Recipient(d.subscriptionId, d.channel, d.recipient)).distinct().toList();
    }

    private int send(List<Recipient> recipients, boolean dueOnly) {
        int sent = 0;
        for (Recipient recipient : recipients) {
            Claimed claimed = QuarkusTransaction.requiringNew().call(() -> claim(recipient, dueOnly));
            if (claimed != null && send(recipient, claimed)) {
                sent++;
            }
        }
        return sent;
    }

    /** Leases the recipient's waiting rows; null when there are none, or another caller is on them. */
    private Claimed claim(Recipient recipient, boolean dueOnly) {
        Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "digest:" + recipient.subscriptionId() + ":" + recipient.channel() + ":" + recipient.address())
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return null;
        }
        List<Delivery> waiting = Delivery.<Delivery>list("subscriptionId = ?1 AND channel = ?2 AND recipient = ?3 AND status = ?4 "
                        + "AND (leaseUntil IS NULL OR leaseUntil < ?5)" + (dueOnly ? " AND nextAttemptAt <= ?5" : "") + " ORDER BY createdAt",
                recipient.subscriptionId(), recipient.channel(), recipient.address(), Delivery.Status.DIGEST, Instant.now());
        if (waiting.isEmpty()) {
            return null;
        }
        Subscription subscription = Subscription.findById(recipient.subscriptionId());
        String gone = DeliveryWorker.gone(waiting.get(0), subscription);
        if (gone != null) {
            for (Delivery delivery : waiting) {
                delivery.status = Delivery.Status.CANCELLED;
                delivery.lastError = gone;
            }
            return null;
        }
        String token = "digest-" + UUID.randomUUID();
        Instant leaseUntil = Instant.now().plus(config.delivery().lease());
        for (Delivery delivery : waiting) {
            delivery.leaseUntil = leaseUntil;
            delivery.claimedBy = token;
        }
        List<Alert> alerts = waiting.stream().map(d -> worker.alert(d.notification)).toList();
        String digestId = UUID.nameUUIDFromBytes(waiting.stream().map(d -> d.id.toString()).collect(Collectors.joining(","))
                .getBytes(StandardCharsets.UTF_8)).toString();
        HubContact hub = HubContact.findById(waiting.get(0).hubId);
        return new Claimed(waiting.stream().map(d -> d.id).toList(), token, digestId, waiting.get(0).hubId,
                hub == null ? "Your hub" : hub.name, alerts, worker.secretOrNull(subscription),
                waiting.stream().map(d -> d.attempts).max(Comparator.naturalOrder()).orElse(0),
                links.hubPage(hub == null ? null : hub.slug), unsubscribe.url(subscription.id));
    }

    /** Sends a claimed digest outside any transaction and records the outcome. */
    private boolean send(Recipient recipient, Claimed claimed) {
        try {
            if (recipient.channel() == Delivery.Channel.EMAIL) {
                email.sendDigest(recipient.address(), claimed.digestId(), claimed.hubName(), claimed.alerts(), claimed.link(),
                        claimed.unsubscribeUrl());
            } else {
                webhooks.send(recipient.address(), claimed.secret(), claimed.digestId(),
                        Map.of("type", "match.digest", "deliveryId", claimed.digestId(), "hubId", claimed.hubId().toString(),
                                "suggestions", claimed.alerts()));
            }
        } catch (HostCircuitBreakers.CircuitOpenException e) {
            record(claimed, Delivery.Status.DIGEST, claimed.attempts(), e.retryAt, "circuit open: " + e.getMessage());
            return false;
        } catch (WebhookUrlPolicy.RefusedUrlException | WebhookSender.UnsignedWebhookException e) {
            record(claimed, Delivery.Status.DEAD, claimed.attempts() + 1, null, e.getMessage());
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Digest to %s failed, it will be retried: %s", recipient.address(), e.getMessage());
            int attempts = claimed.attempts() + 1;
            record(claimed, attempts >= config.delivery().maxAttempts() ? Delivery.Status.DEAD : Delivery.Status.DIGEST, attempts,
                    Instant.now().plus(worker.backoff(attempts)), e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
        return record(claimed, Delivery.Status.SENT, claimed.attempts() + 1, null, null);
    }

    private boolean record(Claimed claimed, Delivery.Status status, int attempts, Instant next, String error) {
        int updated = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("UPDATE delivery SET status = :status, "
                        + "attempts = :attempts, next_attempt_at = :next, last_error = :error, "
                        + "sent_at = CASE WHEN :status = 'SENT' THEN now() ELSE sent_at END, lease_until = NULL, claimed_by = NULL "
                        + "WHERE id IN (:ids) AND claimed_by = :token")
                .setParameter("status", status.name())
                .setParameter("attempts", attempts)
                .setParameter("next", java.sql.Timestamp.from(next == null ? Instant.now() : next))
                .setParameter("error", error)
                .setParameter("ids", claimed.ids())
                .setParameter("token", claimed.token())
                .executeUpdate());
        if (updated < claimed.ids().size()) {
            LOG.warnf("Digest %s: lease lost for %d of %d items before the outcome was recorded", claimed.digestId(),
                    claimed.ids().size() - updated, claimed.ids().size());
        }
        return updated > 0 && status == Delivery.Status.SENT;
    }
}
