package org.amhub.notifications.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.partnership.PartnershipChanged;
import org.amhub.events.partnership.PartnershipParty;
import org.amhub.notifications.config.LinksConfig;
import org.amhub.notifications.feed.FeedBroadcaster;
import org.amhub.notifications.feed.FeedItem;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Notification;
import org.amhub.notifications.repository.Subscription;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns suggestion events into feed items and deliveries, exactly once per hub and suggestion version: the
 * (hub, match, version) key is unique in PostgreSQL, so a redelivered event finds its item and does nothing.
 * A hub hears about a match once: when it appears in its list (or, if it was filtered out then, when it first passes).
 */
@ApplicationScoped
public class NotificationService {

    private final Event<FeedBroadcaster.ItemStored> stored;
    private final LinksConfig links;

    public NotificationService(Event<FeedBroadcaster.ItemStored> stored, LinksConfig links) {
        this.stored = stored;
        this.links = links;
    }

    @Transactional
    public void onHubProfile(String key, HubProfileChanged event) {
        UUID hubId = UUID.fromString(key);
        HubContact contact = HubContact.findById(hubId);
        if (event == null) {
            if (contact != null) {
                contact.delete();
            }
            Subscription.delete("hubId", hubId);
            Delivery.update("status = ?1, lastError = ?2 WHERE hubId = ?3 AND status IN ?4", Delivery.Status.CANCELLED,
                    "hub deleted", hubId, List.of(Delivery.Status.PENDING, Delivery.Status.FAILED, Delivery.Status.DIGEST));
            return;
        }
        HubProfile profile = event.profile();
        if (contact != null && contact.version >= profile.version()) {
            return; // duplicate or stale
        }
        if (contact == null) {
            contact = new HubContact();
            contact.hubId = hubId;
        }
        contact.slug = profile.slug();
        contact.name = profile.name();
        contact.contactEmail = profile.contactEmail();
        contact.version = profile.version();
        // profile-review reminders count from the profile's own last change, not from when we heard of it
        contact.profileChangedAt = profile.updatedAt() != null ? profile.updatedAt()
                : event.occurredAt() != null ? event.occurredAt() : Instant.now();
        contact.persist();
        followContact(contact);
    }

    /** The default subscription mails the hub's contact, immediately, about every suggestion. */
    private void followContact(HubContact contact) {
        Subscription subscription = Subscription.<Subscription>find("hubId = ?1 AND isDefault = true", contact.hubId).firstResult();
        List<String> emails = contact.contactEmail == null ? List.of() : List.of(contact.contactEmail);
        Instant now = Instant.now();
        if (subscription == null) {
            subscription = new Subscription();
            subscription.id = UUID.randomUUID();
            subscription.hubId = contact.hubId;
            subscription.isDefault = true;
            subscription.topics = List.of();
            subscription.mutedPartners = List.of();
            subscription.deliveryMode = Subscription.DeliveryMode.IMMEDIATE;
            subscription.createdAt = now;
        } else if (subscription.emails.equals(emails)) {
            return;
        }
        subscription.emails = emails;
        subscription.updatedAt = now;
        subscription.persist();
    }

    @Transactional
    public void onSuggestion(MatchSuggested event) {
        if (event.change() == MatchChange.WITHDRAWN) {
            return;
        }
        notifyParty(event, event.hubA(), event.hubB());
        notifyParty(event, event.hubB(), event.hubA());
    }

    private void notifyParty(MatchSuggested event, MatchParty party, MatchParty partner) {
        if (party.rank() <= 0) {
            return; // the partner is not in this hub's list
        }
        if (Notification.count("kind = ?4 AND hubId = ?1 AND matchId = ?2 AND suggestionVersion = ?3", party.hubId(), event.matchId(),
                event.suggestionVersion(), Notification.SUGGESTION) > 0) {
            return; // redelivered
        }
        if (event.change() == MatchChange.CHANGED
                && Notification.count("kind = ?3 AND hubId = ?1 AND matchId = ?2", party.hubId(), event.matchId(), Notification.SUGGESTION) > 0) {
            return; // already told about this match
        }
        Instant now = Instant.now();
        Notification notification = new Notification();
        notification.hubId = party.hubId();
        notification.matchId = event.matchId();
        notification.suggestionVersion = event.suggestionVersion();
        notification.partnerId = partner.hubId();
        notification.partnerSlug = partner.slug();
        notification.partnerName = partner.name();
        notification.score = event.score();
        notification.topics = event.topics();
        notification.reasons = event.reasons();
        notification.explanations = event.explanations();
        notification.createdAt = now;
        notification.persist();

        for (Subscription subscription : Subscription.ofHub(party.hubId())) {
            if (!wants(subscription, event, partner)) {
                continue;
            }
            Delivery.Status status = subscription.deliveryMode == Subscription.DeliveryMode.DAILY_DIGEST
                    ? Delivery.Status.DIGEST : Delivery.Status.PENDING;
            for (String email : subscription.emails) {
                delivery(notification, subscription, Delivery.Channel.EMAIL, email, status, now);
            }
            if (subscription.webhookUrl != null) {
                delivery(notification, subscription, Delivery.Channel.WEBHOOK, subscription.webhookUrl, status, now);
            }
        }
        stored.fire(new FeedBroadcaster.ItemStored(party.hubId(), FeedItem.of(notification)));
    }

    static boolean wants(Subscription subscription, MatchSuggested event, MatchParty partner) {
        if (!subscription.active()) {
            return false;
        }
        if (event.score() < subscription.minScore) {
            return false;
        }
        if (!subscription.topics.isEmpty() && event.topics().stream().noneMatch(subscription.topics::contains)) {
            return false;
        }
        return subscription.mutedPartners.stream().noneMatch(muted ->
                muted.equalsIgnoreCase(partner.hubId().toString()) || muted.equalsIgnoreCase(partner.slug()));
    }

    /**
     * A partnership change becomes a feed item for both hubs and, on each of their active subscriptions, an email per
     * address and a webhook, sent at once (never held for the daily digest, which lists suggestions). Exactly once per
     * hub and event id: a redelivered event finds its items and does nothing.
     */
    @Transactional
    public void onPartnership(PartnershipChanged event, Map<String, Object> payload) {
        for (PartnershipParty party : List.of(event.hubA(), event.hubB())) {
            if (Notification.count("hubId = ?1 AND eventId = ?2", party.hubId(), event.eventId()) > 0) {
                continue; // redelivered
            }
            PartnershipParty partner = event.partnerOf(party.hubId());
            Instant now = Instant.now();
            Notification notification = new Notification();
            notification.kind = Notification.PARTNERSHIP;
            notification.eventId = event.eventId();
            notification.hubId = party.hubId();
            notification.matchId = event.matchId();
            notification.suggestionVersion = event.version();
            notification.partnerId = partner.hubId();
            notification.partnerSlug = partner.slug();
            notification.partnerName = partner.name();
            notification.text = PartnershipTexts.text(event, partner);
            notification.link = links.hubPage(party.slug());
            notification.payload = payload;
            notification.createdAt = now;
            notification.persist();
            for (Subscription subscription : Subscription.ofHub(party.hubId())) {
                if (!subscription.active()) {
                    continue;
                }
                for (String email : subscription.emails) {
                    delivery(notification, subscription, Delivery.Channel.EMAIL, email, Delivery.Status.PENDING, now);
                }
                if (subscription.webhookUrl != null) {
                    delivery(notification, subscription, Delivery.Channel.WEBHOOK, subscription.webhookUrl, Delivery.Status.PENDING, now);
                }
            }
            stored.fire(new FeedBroadcaster.ItemStored(party.hubId(), FeedItem.of(notification)));
        }
    }

    /** A reminder (feed item and an email to each address of the hub's active subscriptions); the caller holds the hub. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notification remind(HubContact hub, String kind, String text) {
        Instant now = Instant.now();
        Notification notification = new Notification();
        notification.kind = kind;
        notification.eventId = UUID.randomUUID();
        notification.hubId = hub.hubId;
        notification.text = text;
        notification.link = links.hubPage(hub.slug);
        notification.createdAt = now;
        notification.persist();
        for (Subscription subscription : Subscription.ofHub(hub.hubId)) {
            if (subscription.active()) {
                for (String email : subscription.emails) {
                    delivery(notification, subscription, Delivery.Channel.EMAIL, email, Delivery.Status.PENDING, now);
                }
            }
        }
        stored.fire(new FeedBroadcaster.ItemStored(hub.hubId, FeedItem.of(notification)));
        return notification;
    }

    private static void delivery(Notification notification, Subscription subscription, Delivery.Channel channel,
                                 String recipient, Delivery.Status status, Instant now) {
        if (Delivery.count("notification = ?1 AND channel = ?2 AND recipient = ?3", notification, channel, recipient) > 0) {
            return; // two subscriptions with the same recipient: one message
        }
        Delivery delivery = new Delivery();
        delivery.id = UUID.randomUUID();
        delivery.notification = notification;
        delivery.subscriptionId = subscription.id;
        delivery.hubId = notification.hubId;
        delivery.channel = channel;
        delivery.recipient = recipient;
        delivery.status = status;
        delivery.nextAttemptAt = now;
        delivery.createdAt = now;
        delivery.persist();
    }
}
