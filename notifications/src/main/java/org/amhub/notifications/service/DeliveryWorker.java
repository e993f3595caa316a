package org.amhub.notifications.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.amhub.notifications.config.LinksConfig;
import org.amhub.notifications.config.NotificationsConfig;
import org.amhub.notifications.email.UnsubscribeTokens;
import org.amhub.notifications.email.EmailSender;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Notification;
import org.amhub.notifications.repository.Subscription;
import org.amhub.notifications.webhook.HostCircuitBreakers;
import org.amhub.notifications.webhook.WebhookSecrets;
import org.amhub.notifications.webhook.WebhookSender;
import org.amhub.notifications.webhook.WebhookUrlPolicy;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due deliveries in three steps, none of which holds a transaction across a network call:
 * <ol>
 *     <li><b>claim</b> (short transaction): due rows are locked {@code FOR UPDATE SKIP LOCKED}, given a lease
 *     ({@code lease_until}) and a claim token ({@code claimed_by}); deliveries whose subscription or recipient is
 *     gone are CANCELLED here, webhooks without a signing secret are DEAD;</li>
 *     <li><b>send</b>, outside any transaction, on a bounded pool ({@code delivery.concurrency}): a hanging endpoint
 *     holds one sender for at most the webhook timeout, the others keep going;</li>
 *     <li><b>record</b> (short transaction): SENT, FAILED with the next attempt on exponential backoff, or DEAD after
 *     {@code max-attempts}, written only while the claim token still matches.</li>
 * </ol>
 * A worker that crashes after claiming leaves leases that run out; the deliveries are then due again. A crash between
 * a send and its record repeats the send; receivers recognise it by the same {@code webhook-id} / {@code Message-ID}.
 * Several instances never send the same row at the same time: SKIP LOCKED and the lease keep them apart.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    /** A claimed delivery with everything needed to send it, read in the claim transaction. */
    record Claim(UUID id, Delivery.Channel channel, String recipient, UUID hubId, int attempts, String token,
                 Alert alert, Notice notice, String secret, Instant notifiedAt, String unsubscribeUrl) {
    }

    private final EntityManager entityManager;
    private final NotificationsConfig config;
    private final LinksConfig links;
    private final UnsubscribeTokens unsubscribe;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final WebhookSecrets secrets;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final String instance = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService senders;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();

    public DeliveryWorker(EntityManager entityManager, NotificationsConfig config, LinksConfig links, UnsubscribeTokens unsubscribe,
                          EmailSender email, WebhookSender webhooks, MeterRegistry metrics, WebhookSecrets secrets) {
        this.secrets = secrets;
        this.entityManager = entityManager;
        this.config = config;
        this.links = links;
        this.unsubscribe = unsubscribe;
        this.email = email;
        this.webhooks = webhooks;
        this.metrics = metrics;
        this.latency = Timer.builder("amhub.notifications.delivery.latency")
                .description("From the suggestion's arrival to its successful delivery").register(metrics);
        int concurrency = Math.max(1, config.delivery().concurrency());
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "delivery-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.slots = new Semaphore(concurrency);
        metrics.gauge("amhub.notifications.deliveries.in.flight", inFlight);
    }

    /** The subscription's signing secret in clear; null (never sent, unsigned) when it cannot be decrypted. */
    public String secretOrNull(Subscription subscription) {
        try {
            return secrets.secretOf(subscription);
        } catch (IllegalStateException e) {
            LOG.warn(e.getMessage());
            return null;
        }
    }

    void check(@Observes io.quarkus.runtime.StartupEvent startup,
               @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "60s") Duration smtpTimeout) {
        Duration longestSend = smtpTimeout.compareTo(config.webhooks().timeout()) > 0 ? smtpTimeout : config.webhooks().timeout();
        if (config.delivery().lease().compareTo(longestSend) <= 0) {
            LOG.warnf("amhub.notifications.delivery.lease (%s) should exceed the longest send (%s): a send that outlives its lease can be repeated",
                    config.delivery().lease(), longestSend);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        senders.shutdown();
        senders.awaitTermination(config.webhooks().timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    @Scheduled(every = "${amhub.notifications.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "delivery-worker")
    void run() {
        while (true) {
            int free = slots.availablePermits();
            if (free == 0) {
                return;
            }
            int wanted = Math.min(free, config.delivery().batchSize());
            List<Claim> claims = claim(wanted);
            for (Claim claim : claims) {
                slots.acquireUninterruptibly();
                inFlight.incrementAndGet();
                senders.execute(() -> {
                    try {
                        deliver(claim);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Delivery %s could not be recorded; its lease will run out and it will be retried", claim.id());
                    } finally {
                        inFlight.decrementAndGet();
                        slots.release();
                    }
                });
            }
            if (claims.size() < wanted) {
                return;
            }
        }
    }

    /** Claims up to {@code limit} due deliveries in one short transaction. */
    List<Claim> claim(int limit) {
        String token = instance + "/" + UUID.randomUUID();
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object> ids = entityManager.createNativeQuery("UPDATE delivery SET lease_until = now() + make_interval(secs => :lease), "
                            + "claimed_by = :token WHERE id IN (SELECT id FROM delivery WHERE status IN ('PENDING', 'FAILED') "
                            + "AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now()) "
                            + "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING id")
                    .setParameter("lease", config.delivery().lease().toMillis() / 1000.0)
                    .setParameter("token", token)
                    .setParameter("limit", limit)
                    .getResultList();
            List<Claim> claims = new ArrayList<>();
            for (Object id : ids) {
                Delivery delivery = Delivery.findById(id instanceof UUID uuid ? uuid : UUID.fromString(id.toString()));
                Subscription subscription = Subscription.findById(delivery.subscriptionId);
                String gone = gone(delivery, subscription);
                if (gone != null) {
                    delivery.status = Delivery.Status.CANCELLED;
                    delivery.lastError = gone;
                    delivery.leaseUntil = null;
                    metrics.counter("amhub.notifications.cancelled", "channel", delivery.channel.name()).increment();
                    continue;
                }
                boolean suggestion = Notification.SUGGESTION.equals(delivery.notification.kind);
                claims.add(new Claim(delivery.id, delivery.channel, delivery.recipient, delivery.hubId, delivery.attempts, token,
                        suggestion ? alert(delivery.notification) : null, suggestion ? null : notice(delivery.notification),
                        secretOrNull(subscription), delivery.notification.createdAt, unsubscribe.url(subscription.id)));
            }
            return claims;
        });
    }

    /** Why a delivery must not go out any more, or null. */
    static String gone(Delivery delivery, Subscription subscription) {
        if (subscription == null) {
            return "subscription deleted";
        }
        if (!subscription.active()) {
            return "unsubscribed";
        }
        if (delivery.channel == Delivery.Channel.WEBHOOK && !delivery.recipient.equals(subscription.webhookUrl)) {
            return "webhook URL no longer on the subscription";
        }
        if (delivery.channel == Delivery.Channel.EMAIL && !subscription.emails.contains(delivery.recipient)) {
            return "address no longer on the subscription";
        }
        return null;
    }

    /** Sends one claimed delivery (no transaction open) and records the outcome. */
    void deliver(Claim claim) {
        try {
            switch (claim.channel()) {
                case EMAIL -> {
                    if (claim.notice() != null) {
                        email.sendNotice(claim.recipient(), claim.id().toString(), claim.notice(), claim.unsubscribeUrl());
                    } else {
                        email.sendSuggestion(claim.recipient(), claim.id().toString(), claim.alert(), claim.unsubscribeUrl());
                    }
                }
                case WEBHOOK -> webhooks.send(claim.recipient(), claim.secret(), claim.id().toString(), claim.notice() != null
                        ? noticePayload(claim)
                        : Map.of("type", "match.suggested", "deliveryId", claim.id().toString(),
                                "hubId", claim.hubId().toString(), "suggestion", claim.alert()));
            }
        } catch (HostCircuitBreakers.CircuitOpenException e) {
            // Not an attempt: the endpoint is resting. Wait for the circuit to half-open.
            record(claim, Delivery.Status.FAILED, claim.attempts(), e.retryAt, "circuit open: " + e.getMessage());
            metrics.counter("amhub.notifications.circuit.deferred", "channel", claim.channel().name()).increment();
            return;
        } catch (WebhookUrlPolicy.RefusedUrlException | WebhookSender.UnsignedWebhookException e) {
            record(claim, Delivery.Status.DEAD, claim.attempts() + 1, null, e instanceof WebhookSender.UnsignedWebhookException
                    ? e.getMessage() : "refused URL: " + e.getMessage()); // retrying cannot help
            metrics.counter("amhub.notifications.dead", "channel", claim.channel().name()).increment();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(claim, e);
            return;
        } catch (Exception e) {
            failed(claim, e);
            return;
        }
        Instant sentAt = Instant.now();
        if (record(claim, Delivery.Status.SENT, claim.attempts() + 1, null, null)) {
            metrics.counter("amhub.notifications.sent", "channel", claim.channel().name()).increment();
            latency.record(Duration.between(claim.notifiedAt(), sentAt));
        }
    }

    private void failed(Claim claim, Exception e) {
        int attempts = claim.attempts() + 1;
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        metrics.counter("amhub.notifications.failed", "channel", claim.channel().name()).increment();
        if (attempts >= config.delivery().maxAttempts()) {
            record(claim, Delivery.Status.DEAD, attempts, null, error);
            metrics.counter("amhub.notifications.dead", "channel", claim.channel().name()).increment();
            LOG.warnf("Delivery %s to %s is dead after %d attempts: %s", claim.id(), claim.recipient(), attempts, error);
            return;
        }
        record(claim, Delivery.Status.FAILED, attempts, Instant.now().plus(backoff(attempts)), error);
        metrics.counter("amhub.notifications.retries", "channel", claim.channel().name()).increment();
    }

    /** Writes the outcome in a short transaction if the claim is still ours; returns whether it was written. */
    private boolean record(Claim claim, Delivery.Status status, int attempts, Instant nextAttemptAt, String error) {
        int updated = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("UPDATE delivery SET status = :status, "
                        + "attempts = :attempts, next_attempt_at = :next, last_error = :error, "
                        + "sent_at = CASE WHEN :status = 'SENT' THEN now() ELSE sent_at END, lease_until = NULL, claimed_by = NULL "
                        + "WHERE id = :id AND claimed_by = :token")
                .setParameter("status", status.name())
                .setParameter("attempts", attempts)
                .setParameter("next", java.sql.Timestamp.from(nextAttemptAt == null ? Instant.now() : nextAttemptAt))
                .setParameter("error", error)
                .setParameter("id", claim.id())
                .setParameter("token", claim.token())
                .executeUpdate());
        if (updated == 0) {
            LOG.warnf("Delivery %s: lease lost before its outcome (%s) was recorded; another worker has it now", claim.id(), status);
        }
        return updated == 1;
    }

    Duration backoff(int attempts) {
        Duration delay = config.delivery().initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(config.delivery().maxBackoff()) > 0 ? config.delivery().maxBackoff() : delay;
    }

    Alert alert(Notification notification) {
        HubContact hub = HubContact.findById(notification.hubId);
        return new Alert(notification.matchId, notification.suggestionVersion, hub == null ? "Your hub" : hub.name,
                notification.partnerName, notification.partnerSlug, notification.score, notification.topics,
                notification.reasons, notification.explanations, links.hubPage(hub == null ? null : hub.slug));
    }

    Notice notice(Notification notification) {
        HubContact hub = HubContact.findById(notification.hubId);
        String hubName = hub == null ? "Your hub" : hub.name;
        String subject = Notification.PROFILE_REVIEW.equals(notification.kind)
                ? "Time to review " + hubName + "'s AMHUB profile"
                : "AMHUB partnership update: " + hubName + " and " + (notification.partnerName != null ? notification.partnerName
                : notification.partnerSlug);
        return new Notice(notification.kind, hubName, subject, notification.text, notification.link, notification.payload);
    }

    /** A partnership change ({@code partnership.changed}, with the event as received) or a reminder, as a webhook body. */
    private static Map<String, Object> noticePayload(Claim claim) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", Notification.PARTNERSHIP.equals(claim.notice().kind()) ? "partnership.changed" : claim.notice().kind());
        body.put("deliveryId", claim.id().toString());
        body.put("hubId", claim.hubId().toString());
        body.put("text", claim.notice().text());
        body.put("link", claim.notice().link());
        if (claim.notice().payload() != null) {
            body.put("partnership", claim.notice().payload());
        }
        return body;
    }
}
