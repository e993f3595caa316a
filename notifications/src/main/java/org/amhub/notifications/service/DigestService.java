package org.amhub.notifications.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.amhub.notifications.config.NotificationsConfig;
import org.amhub.notifications.email.EmailSender;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Subscription;
import org.amhub.notifications.webhook.WebhookSender;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Once a day, gathers each digest subscriber's waiting items into one email (or one webhook call) per recipient.
 * Nothing waiting, nothing sent: there are no empty digests. A digest that fails is retried with the delivery
 * worker's backoff (not a day later) until {@code max-attempts}, then its items are marked DEAD.
 */
@ApplicationScoped
public class DigestService {

    private static final Logger LOG = Logger.getLogger(DigestService.class);

    private final NotificationsConfig config;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final DeliveryWorker worker;

    public DigestService(NotificationsConfig config, EmailSender email, WebhookSender webhooks, DeliveryWorker worker) {
        this.config = config;
        this.email = email;
        this.webhooks = webhooks;
        this.worker = worker;
    }

    private record Recipient(UUID subscriptionId, Delivery.Channel channel, String address) {
    }

    @Scheduled(cron = "${amhub.notifications.digest.cron:0 0 7 * * ?}", identity = "daily-digest")
    void daily() {
        sendDigests();
    }

    @Scheduled(every = "${amhub.notifications.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "digest-retry")
    void retryFailed() {
        send(QuarkusTransaction.requiringNew().call(() -> recipients(Delivery.list(
                "status = ?1 AND attempts > 0 AND nextAttemptAt <= ?2", Delivery.Status.DIGEST, Instant.now()))));
    }

    /** Sends every waiting digest now; returns how many digests went out. */
    public int sendDigests() {
        return send(QuarkusTransaction.requiringNew().call(() -> recipients(Delivery.list("status", Delivery.Status.DIGEST))));
    }

    private static List<Recipient> recipients(List<Delivery> waiting) {
        return waiting.stream().map(d -> new Recipient(d.subscriptionId, d.channel, d.recipient)).distinct().toList();
    }

    private int send(List<Recipient> recipients) {
        int sent = 0;
        for (Recipient recipient : recipients) {
            if (QuarkusTransaction.requiringNew().call(() -> send(recipient))) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(Recipient recipient) {
        // The row locks keep the daily run, the retry run and other instances from sending the same digest twice:
        // a second caller waits, and PostgreSQL then re-checks the status and finds the rows SENT.
        List<Delivery> waiting = Delivery.<Delivery>find("subscriptionId = ?1 AND channel = ?2 AND recipient = ?3 AND status = ?4 ORDER BY createdAt",
                recipient.subscriptionId(), recipient.channel(), recipient.address(), Delivery.Status.DIGEST)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (waiting.isEmpty()) {
            return false;
        }
        List<Alert> alerts = waiting.stream().map(d -> worker.alert(d.notification)).toList();
        String digestId = UUID.nameUUIDFromBytes(waiting.stream().map(d -> d.id.toString()).collect(Collectors.joining(","))
                .getBytes(StandardCharsets.UTF_8)).toString();
        HubContact hub = HubContact.findById(waiting.get(0).hubId);
        String hubName = hub == null ? "Your hub" : hub.name;
        Instant now = Instant.now();
        try {
            if (recipient.channel() == Delivery.Channel.EMAIL) {
                email.sendDigest(recipient.address(), digestId, hubName, alerts, config.dashboardUrl());
            } else {
                Subscription subscription = Subscription.findById(recipient.subscriptionId());
                webhooks.send(recipient.address(), subscription == null ? null : subscription.webhookSecret, digestId,
                        Map.of("type", "match.digest", "deliveryId", digestId, "hubId", waiting.get(0).hubId.toString(), "suggestions", alerts));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Digest to %s failed, it will be retried: %s", recipient.address(), e.getMessage());
            for (Delivery delivery : waiting) {
                delivery.attempts++;
                delivery.lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                delivery.nextAttemptAt = now.plus(worker.backoff(delivery.attempts));
                if (delivery.attempts >= config.delivery().maxAttempts()) {
                    delivery.status = Delivery.Status.DEAD;
                }
            }
            return false;
        }
        for (Delivery delivery : waiting) {
            delivery.attempts++;
            delivery.status = Delivery.Status.SENT;
            delivery.sentAt = now;
        }
        return true;
    }
}
