package org.amhub.notifications.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
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
 * Nothing waiting, nothing sent: there are no empty digests.
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

    /** Sends every waiting digest now; returns how many digests went out. */
    public int sendDigests() {
        List<Recipient> recipients = QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list("status", Delivery.Status.DIGEST)
                .stream().map(d -> new Recipient(d.subscriptionId, d.channel, d.recipient)).distinct().toList());
        int sent = 0;
        for (Recipient recipient : recipients) {
            if (QuarkusTransaction.requiringNew().call(() -> send(recipient))) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(Recipient recipient) {
        List<Delivery> waiting = Delivery.list("subscriptionId = ?1 AND channel = ?2 AND recipient = ?3 AND status = ?4 ORDER BY createdAt",
                recipient.subscriptionId(), recipient.channel(), recipient.address(), Delivery.Status.DIGEST);
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
            LOG.warnf("Digest to %s failed, it stays queued for the next run: %s", recipient.address(), e.getMessage());
            for (Delivery delivery : waiting) {
                delivery.attempts++;
                delivery.lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
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
