package org.amhub.notifications.feed;

import org.amhub.events.match.Reason;
import org.amhub.notifications.repository.Notification;

import java.time.Instant;
import java.util.List;

/** A feed item as the API shows it. */
public record FeedItem(long id, String matchId, long suggestionVersion, String partnerId, String partnerSlug,
                       String partnerName, double score, List<String> topics, List<String> reasons,
                       List<Reason> explanations, Instant createdAt, boolean read) {

    public static FeedItem of(Notification n) {
        return new FeedItem(n.id, n.matchId, n.suggestionVersion, n.partnerId.toString(), n.partnerSlug, n.partnerName,
                n.score, n.topics, n.reasons, n.explanations, n.createdAt, n.readAt != null);
    }
}
