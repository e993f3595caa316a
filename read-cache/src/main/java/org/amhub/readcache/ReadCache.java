package org.amhub.readcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Public reads' answers as sent (bytes, ETag, content type), kept in memory and served while nothing they show can
 * have changed.
 *
 * <p>Correctness rests on one counter, the <em>generation</em>. It moves forward after every commit that may change a
 * cached read: this instance's own commits ({@link CommitWatch}, right after the commit, before the writer's answer is
 * sent) and every instance's commits through PostgreSQL NOTIFY ({@link ChangeListener}; statement triggers on the tables
 * the reads show call {@code pg_notify}, delivered at commit). An entry remembers the generation seen <em>before</em> its
 * answer was loaded and is served only while the generation is still that one. So a commit the loaded answer may have
 * missed (it committed after the load began) moves the generation after the entry's, and the entry is never served again
 * once that commit is known here. While the listener is not listening (not yet connected, connection lost, database
 * restarted) notifications would be missed, so the cache is bypassed: every read loads, nothing is stored; when it
 * listens again the generation moves, so nothing loaded before the gap is served after it.
 *
 * <p>A read whose answer also shows state held in memory (hub names from the matchmaker's view of the network, which
 * on other instances follows the database a moment after the notification) keeps those inputs in the answer's
 * {@link Answer#basis()} and passes a check that they are still what memory holds; an entry is served only while it
 * holds.
 */
@ApplicationScoped
public class ReadCache {

    /** The PostgreSQL channel the triggers notify (see each service's migration). */
    public static final String CHANNEL = "amhub_read_cache";

    /** Per entry on top of the body: key, headers, bookkeeping (an estimate; only the bound's scale matters). */
    private static final int ENTRY_OVERHEAD = 256;

    private final boolean enabled;
    private final Cache<String, Entry> entries;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private final Counter hits;
    private final Counter misses;
    private final Counter bypasses;
    private final Counter invalidations;

    private record Entry(long generation, Answer answer) {
    }

    public ReadCache(ReadCacheConfig config, MeterRegistry registry) {
        this.enabled = config.enabled();
        this.entries = Caffeine.newBuilder()
                .maximumWeight(config.maxSize().asLongValue())
                .weigher((String key, Entry entry) -> ENTRY_OVERHEAD + 2 * key.length() + entry.answer().body().length)
                .executor(Runnable::run) // evict on the storing thread: the bound holds at once, no pool task per write
                .build();
        String requests = "amhub.read.cache.requests";
        this.hits = Counter.builder(requests).tag("result", "hit").description("Public reads answered from the cache").register(registry);
        this.misses = Counter.builder(requests).tag("result", "miss").description("Public reads loaded and stored").register(registry);
        this.bypasses = Counter.builder(requests).tag("result", "bypass")
                .description("Public reads loaded without the cache (disabled, or not listening for changes)").register(registry);
        this.invalidations = Counter.builder("amhub.read.cache.invalidations")
                .description("Generation moves: commits seen here or notified by PostgreSQL, and listener (re)starts").register(registry);
        Gauge.builder("amhub.read.cache.listening", this, c -> c.listening ? 1 : 0)
                .description("1 while the cache listens for changes (and so may answer), 0 while it is bypassed").register(registry);
        Gauge.builder("amhub.read.cache.size", this, c -> c.entries.estimatedSize())
                .description("Answers held").register(registry);
    }

    /** The answer for {@code key}: from the cache when still valid, otherwise from {@code loader} (and kept). */
    public Answer get(String key, Supplier<Answer> loader) {
        return get(key, loader, null);
    }

    /**
     * As {@link #get(String, Supplier)}, for an answer that also shows in-memory state: a cached answer is served only
     * if {@code current} holds for it (typically: its {@link Answer#basis()} equals what memory holds now).
     */
    public Answer get(String key, Supplier<Answer> loader, Predicate<Answer> current) {
        if (!enabled || !listening) {
            bypasses.increment();
            return loader.get();
        }
        long seen = generation.get(); // before the load: a commit the load may miss moves it past this
        Entry entry = entries.getIfPresent(key);
        if (entry != null && entry.generation() == seen && (current == null || current.test(entry.answer()))) {
            hits.increment();
            return entry.answer();
        }
        misses.increment();
        Answer answer = loader.get();
        if (listening && generation.get() == seen) { // otherwise already outdated: not worth keeping
            entries.put(key, new Entry(seen, answer));
        }
        return answer;
    }

    /** Something committed that cached answers may show: none stored so far is served again. */
    public void invalidate() {
        generation.incrementAndGet();
        invalidations.increment();
    }

    /** The listener listens (LISTEN done): answers loaded from now on may be kept. */
    synchronized void listeningStarted() {
        invalidate(); // nothing from before the gap: notifications were missed during it
        listening = true;
    }

    /** The listener stopped or lost its connection: bypass until it listens again. */
    synchronized void listeningStopped() {
        if (listening) {
            listening = false;
            invalidate();
            entries.invalidateAll();
        }
    }

    /** Whether the cache may answer (enabled and listening); otherwise every read loads. */
    public boolean active() {
        return enabled && listening;
    }

    public boolean listening() {
        return listening;
    }

    public long generation() {
        return generation.get();
    }

    public long hits() {
        return (long) hits.count();
    }

    public long misses() {
        return (long) misses.count();
    }

    public long bypasses() {
        return (long) bypasses.count();
    }

    /**
     * An unambiguous key from parts (a read's name and its canonical parameters): each part length-prefixed, so that
     * no parameter value can make two different queries share a key; {@code null} differs from every string.
     */
    public static String key(Object... parts) {
        StringBuilder key = new StringBuilder();
        for (Object part : parts) {
            if (part == null) {
                key.append("-;");
            } else {
                String value = part.toString();
                key.append(value.length()).append(':').append(value).append(';');
            }
        }
        return key.toString();
    }
}
