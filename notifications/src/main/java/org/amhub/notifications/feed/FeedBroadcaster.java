package org.amhub.notifications.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.amhub.notifications.config.NotificationsConfig;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes new feed items to open Server-Sent Events streams once their transaction has committed. Each stream has its
 * own bounded buffer: a client that reads too slowly fills only its own, and when it is full that stream is closed
 * (never silently thinned), so the client reconnects with {@code Last-Event-ID} and resumes from the stored feed.
 * Other streams are not affected. Every stream gets a heartbeat; each hub has a cap on open streams.
 */
@ApplicationScoped
public class FeedBroadcaster {

    /** Fired inside the transaction that stored the item. */
    public record ItemStored(UUID hubId, FeedItem item) {
    }

    /** What a stream carries: a feed item, or a heartbeat (item null). */
    public record Signal(FeedItem item) {
        public boolean heartbeat() {
            return item == null;
        }
    }

    public static class TooManyStreamsException extends RuntimeException {
        public TooManyStreamsException(int max) {
            super("This hub already has " + max + " open streams; close one or retry later");
        }
    }

    private final NotificationsConfig.Feed config;
    private final MeterRegistry metrics;
    private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "feed-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public FeedBroadcaster(NotificationsConfig config, MeterRegistry metrics) {
        this.config = config.feed();
        this.metrics = metrics;
        metrics.gauge("amhub.notifications.feed.streams", open);
        long every = this.config.heartbeatInterval().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        heartbeats.shutdownNow();
        streams.values().forEach(set -> set.forEach(Stream::close));
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ItemStored stored) {
        for (Stream stream : streams.getOrDefault(stored.hubId(), Set.of())) {
            stream.offer(new Signal(stored.item()));
        }
    }

    private void heartbeat() {
        streams.values().forEach(set -> set.forEach(stream -> stream.offer(new Signal(null))));
    }

    /**
     * Opens a stream for a hub; it collects live items from now on. Then read the stored items the client missed and
     * pass them to {@link Stream#multi}: nothing falls between the two, and nothing comes twice.
     *
     * @throws TooManyStreamsException when the hub has {@code max-streams-per-hub} open streams
     */
    public Stream open(UUID hubId) {
        Set<Stream> set = streams.computeIfAbsent(hubId, id -> ConcurrentHashMap.newKeySet());
        synchronized (set) {
            if (set.size() >= config.maxStreamsPerHub()) {
                metrics.counter("amhub.notifications.feed.refused").increment();
                throw new TooManyStreamsException(config.maxStreamsPerHub());
            }
            Stream stream = new Stream(hubId);
            set.add(stream);
            open.incrementAndGet();
            return stream;
        }
    }

    /** One client's stream: stored items first, then live ones, through a bounded buffer. */
    public final class Stream {
        private final UUID hubId;
        /** Live items that arrive before the client is attached. */
        private final Deque<Signal> early = new ArrayDeque<>();
        private MultiEmitter<? super Signal> emitter;
        /** Signals handed to the emitter, and those the client has taken from it: the difference is the buffer. */
        private long emitted;
        private final AtomicLong delivered = new AtomicLong();
        private long lastSent;
        private boolean overflowed;
        private boolean closed;

        private Stream(UUID hubId) {
            this.hubId = hubId;
        }

        /**
         * The stream as the client sees it: {@code stored} (items after its Last-Event-ID, oldest first), then live
         * items. With {@code thenLive} false it ends after the stored items (there were more than one resume sends).
         */
        public Multi<Signal> multi(List<FeedItem> stored, boolean thenLive) {
            Multi<Signal> past = Multi.createFrom().iterable(stored).map(Signal::new);
            if (!thenLive) {
                close();
                return past;
            }
            long lastStored = stored.isEmpty() ? 0 : stored.get(stored.size() - 1).id();
            Multi<Signal> live = Multi.createFrom().<Signal>emitter(e -> attach(e, lastStored), BackPressureStrategy.BUFFER)
                    .onItem().invoke(delivered::incrementAndGet);
            return Multi.createBy().concatenating().streams(past, live)
                    .onTermination().invoke(this::close);
        }

        private synchronized void attach(MultiEmitter<? super Signal> e, long lastStored) {
            if (closed) {
                e.complete();
                return;
            }
            emitter = e;
            lastSent = lastStored;
            e.onTermination(this::close);
            if (overflowed) {
                e.complete(); // live items were lost before the client attached: make it resume
                return;
            }
            while (!early.isEmpty()) {
                send(early.poll());
            }
        }

        synchronized void offer(Signal signal) {
            if (closed) {
                return;
            }
            if (emitter == null) {
                if (signal.heartbeat()) {
                    return;
                }
                if (early.size() >= config.bufferSize()) {
                    overflowed = true;
                    early.clear();
                } else if (!overflowed) {
                    early.add(signal);
                }
                return;
            }
            send(signal);
        }

        private void send(Signal signal) {
            if (closed) {
                return;
            }
            if (!signal.heartbeat()) {
                if (signal.item().id() <= lastSent) {
                    return; // already sent from the stored feed
                }
                lastSent = signal.item().id();
            }
            if (emitted - delivered.get() >= config.bufferSize()) {
                // This client is too slow. Never drop items silently: end its stream after what it already has;
                // it reconnects with the last id it received and resumes from the stored feed. Others are unaffected.
                metrics.counter("amhub.notifications.feed.overflows").increment();
                close();
                return;
            }
            emitted++;
            emitter.emit(signal);
        }

        void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                early.clear();
                if (emitter != null) {
                    emitter.complete();
                }
            }
            Set<Stream> set = streams.get(hubId);
            if (set != null && set.remove(this)) {
                open.decrementAndGet();
            }
        }
    }
}
