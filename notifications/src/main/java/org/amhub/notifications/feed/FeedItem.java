package org.amhub.notifications.feed;

import org.amhub.events.match.Reason;
import org.amhub.notifications.repository.Notification;

import java.time.Instant;
import java.util.List;

/**
 * A feed item as the API shows it. {@code kind}: {@code suggestion} (the match fields), {@code partnership} (a
 * partnership change: {@code text}, the partner and the match) or {@code profile-review} ({@code text} only).
 */
public record FeedItem(long id, String matchId, long suggestionVersion, String partnerId, String partnerSlug,
                       String partnerName, double score, List<String> topics, List<String> reasons,
                       List<Reason> explanations, Instant createdAt, boolean read, String kind, String text, String link) {

    public static FeedItem of(Notification n) {
        return new FeedItem(n.id, n.matchId, n.suggestionVersion, n.partnerId == null ? null : n.partnerId.toString(),
                n.partnerSlug, n.partnerName, n.score, n.topics, n.reasons, n.explanations, n.createdAt, n.readAt != null,
                n.kind, n.text, n.link);
    }
}
