package org.amhub.matchmaker.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Runs an {@code IN (...)} query over many ids in chunks that keep well under PostgreSQL's bind-parameter limit. */
final class InChunks {

    static final int SIZE = 1000;

    private InChunks() {
    }

    static <I, T> List<T> query(Collection<I> ids, Function<List<I>, List<T>> query) {
        List<I> all = List.copyOf(ids);
        List<T> found = new ArrayList<>();
        for (int from = 0; from < all.size(); from += SIZE) {
            found.addAll(query.apply(all.subList(from, Math.min(all.size(), from + SIZE))));
        }
        return found;
    }
}
