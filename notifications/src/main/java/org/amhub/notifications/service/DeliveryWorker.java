package org.amhub.notifications.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.amhub.notifications.config.NotificationsConfig;
import org.amhub.notifications.email.EmailSender;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Notification;
import org.amhub.notifications.repository.Subscription;
import org.amhub.notifications.webhook.WebhookSender;
import org.amhub.notifications.webhook.WebhookUrlPolicy;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sends due deliveries, retrying failures with exponential backoff until {@code max-attempts}, then marking them DEAD.
 * Each delivery is sent and recorded in one transaction holding its row lock (SKIP LOCKED keeps workers apart).
 * A crash after the send but before the commit sends it again on restart: receivers see the same webhook-id or
 * Message-ID (the delivery id) and can drop the repeat. That is the only way a duplicate can arise.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final EntityManager entityManager;
    private final NotificationsConfig config;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final MeterRegistry metrics;
    private final Timer latency;

    public DeliveryWorker(EntityManager entityManager, NotificationsConfig config, EmailSender email, WebhookSender webhooks,
                          MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.config = config;
        this.email = email;
        this.webhooks = webhooks;
        this.metrics = metrics;
        this.latency = Timer.builder("amhub.notifications.delivery.latency")
                .description("From the suggestion's arrival to its successful delivery").register(metrics);
    }

    @Scheduled(every = "${amhub.notifications.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "delivery-worker")
    void run() {
        boolean more = true;
        while (more) {
            more = QuarkusTransaction.requiringNew().call(this::sendBatch);
        }
    }

    /** Sends one batch of due deliveries; returns whether a full batch was found (there may be more). */
    boolean sendBatch() {
        @SuppressWarnings("unchecked")
        List<Delivery> due = entityManager.createNativeQuery("SELECT * FROM delivery WHERE status IN ('PENDING', 'FAILED') "
                        + "AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED", Delivery.class)
                .setParameter("limit", config.delivery().batchSize())
                .getResultList();
        for (Delivery delivery : due) {
            attempt(delivery);
        }
        return due.size() == config.delivery().batchSize();
    }

    private void attempt(Delivery delivery) {
        Notification notification = delivery.notification;
        Alert alert = alert(notification);
        delivery.attempts++;
        try {
            switch (delivery.channel) {
                case EMAIL -> email.sendSuggestion(delivery.recipient, delivery.id.toString(), alert);
                case WEBHOOK -> webhooks.send(delivery.recipient, secret(delivery), delivery.id.toString(),
                        Map.of("type", "match.suggested", "deliveryId", delivery.id.toString(),
                                "hubId", notification.hubId.toString(), "suggestion", alert));
            }
            delivery.status = Delivery.Status.SENT;
            delivery.sentAt = Instant.now();
            delivery.lastError = null;
            metrics.counter("amhub.notifications.sent", "channel", delivery.channel.name()).increment();
            latency.record(Duration.between(notification.createdAt, delivery.sentAt));
        } catch (WebhookUrlPolicy.RefusedUrlException e) {
            delivery.status = Delivery.Status.DEAD; // retrying cannot help
            delivery.lastError = "refused URL: " + e.getMessage();
            metrics.counter("amhub.notifications.dead", "channel", delivery.channel.name()).increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(delivery, e);
        } catch (Exception e) {
            failed(delivery, e);
        }
    }

    private void failed(Delivery delivery, Exception e) {
        delivery.lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        metrics.counter("amhub.notifications.failed", "channel", delivery.channel.name()).increment();
        if (delivery.attempts >= config.delivery().maxAttempts()) {
            delivery.status = Delivery.Status.DEAD;
            metrics.counter("amhub.notifications.dead", "channel", delivery.channel.name()).increment();
            LOG.warnf("Delivery %s to %s is dead after %d attempts: %s", delivery.id, delivery.recipient, delivery.attempts, delivery.lastError);
            return;
        }
        delivery.status = Delivery.Status.FAILED;
        delivery.nextAttemptAt = Instant.now().plus(backoff(delivery.attempts));
        metrics.counter("amhub.notifications.retries", "channel", delivery.channel.name()).increment();
    }

    Duration backoff(int attempts) {
        Duration delay = config.delivery().initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(config.delivery().maxBackoff()) > 0 ? config.delivery().maxBackoff() : delay;
    }

    static String secret(Delivery delivery) {
        Subscription subscription = Subscription.findById(delivery.subscriptionId);
        return subscription == null ? null : subscription.webhookSecret;
    }

    Alert alert(Notification notification) {
        HubContact hub = HubContact.findById(notification.hubId);
        return new Alert(notification.matchId, notification.suggestionVersion, hub == null ? "Your hub" : hub.name,
                notification.partnerName, notification.partnerSlug, notification.score, notification.topics,
                notification.reasons, config.dashboardUrl());
    }
}
