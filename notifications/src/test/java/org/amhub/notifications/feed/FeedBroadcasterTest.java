package org.amhub.notifications.feed;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.amhub.notifications.config.NotificationsConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One slow reader overflows only its own stream, which is closed (so it resumes), never thinned; the others get everything. */
class FeedBroadcasterTest {

    static NotificationsConfig config() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(NotificationsConfig.class)
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withDefaultValue("amhub.notifications.feed.buffer-size", "4")
                .withDefaultValue("amhub.notifications.feed.heartbeat-interval", "1h").build();
        return config.getConfigMapping(NotificationsConfig.class);
    }

    static FeedItem item(long id) {
        return new FeedItem(id, "m" + id, 1, UUID.randomUUID().toString(), "p", "P", 0.5, List.of(), List.of(), List.of(), Instant.now(), false,
                "suggestion", null, null);
    }

    @Test
    void aSlowReaderIsClosedWhenItsBufferIsFullAndTheOthersGetEveryItem() {
        FeedBroadcaster broadcaster = new FeedBroadcaster(config(), new SimpleMeterRegistry());
        UUID hub = UUID.randomUUID();
        AssertSubscriber<FeedBroadcaster.Signal> slow = broadcaster.open(hub).multi(List.of(), true).subscribe()
                .withSubscriber(AssertSubscriber.create(1)); // takes one item, then reads no more
        AssertSubscriber<FeedBroadcaster.Signal> fast = broadcaster.open(hub).multi(List.of(), true).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        for (long id = 1; id <= 10; id++) {
            broadcaster.onCommitted(new FeedBroadcaster.ItemStored(hub, item(id)));
        }
        // The slow client gets a gap-free prefix (what its buffer held), then the end of its stream: it resumes after 5.
        slow.request(100);
        slow.assertCompleted();
        assertThat(slow.getItems()).extracting(s -> s.item().id()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(fast.getItems()).extracting(s -> s.item().id()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        fast.assertNotTerminated();
        // The closed stream no longer counts against the hub's cap; the open one still does.
        assertThat(broadcaster.open(hub)).isNotNull();
    }

    @Test
    void itemsStoredAndLiveAreSentOnceInOrder() {
        FeedBroadcaster broadcaster = new FeedBroadcaster(config(), new SimpleMeterRegistry());
        UUID hub = UUID.randomUUID();
        FeedBroadcaster.Stream stream = broadcaster.open(hub);
        // Items 2 and 3 commit while the stored feed (up to 2) is being read: 2 must not come twice, 3 must come.
        broadcaster.onCommitted(new FeedBroadcaster.ItemStored(hub, item(2)));
        broadcaster.onCommitted(new FeedBroadcaster.ItemStored(hub, item(3)));
        AssertSubscriber<FeedBroadcaster.Signal> client = stream.multi(List.of(item(1), item(2)), true).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        broadcaster.onCommitted(new FeedBroadcaster.ItemStored(hub, item(4)));
        assertThat(client.getItems()).extracting(s -> s.item().id()).containsExactly(1L, 2L, 3L, 4L);
    }
}
