package org.amhub.notifications.feed;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.UUID;

/** Pushes new feed items to open Server-Sent Events streams, once their transaction has committed. */
@ApplicationScoped
public class FeedBroadcaster {

    /** Fired inside the transaction that stored the item. */
    public record ItemStored(UUID hubId, FeedItem item) {
    }

    private final BroadcastProcessor<ItemStored> processor = BroadcastProcessor.create();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ItemStored stored) {
        processor.onNext(stored);
    }

    public Multi<FeedItem> stream(UUID hubId) {
        return processor.filter(stored -> stored.hubId().equals(hubId)).map(ItemStored::item);
    }
}
