package org.amhub.readcache;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Read-your-writes within an instance: sees every SQL statement Hibernate sends (entities, JPQL and native queries) and,
 * in a transaction that writes, moves the cache's generation right after it commits, before the writer's answer leaves.
 * PostgreSQL's notification of the same commit arrives a moment later and moves it again (harmless); it is what tells
 * the other instances. Writers need not remember anything.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class CommitWatch implements StatementInspector {

    private static final String WROTE = CommitWatch.class.getName() + ".wrote";

    private final transient TransactionSynchronizationRegistry transactions;
    private final transient ReadCache cache;

    public CommitWatch(TransactionSynchronizationRegistry transactions, ReadCache cache) {
        this.transactions = transactions;
        this.cache = cache;
    }

    @Override
    public String inspect(String sql) {
        if (writes(sql) && transactions.getTransactionKey() != null && transactions.getResource(WROTE) == null) {
            transactions.putResource(WROTE, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        cache.invalidate();
                    }
                }
            });
        }
        return sql;
    }

    /** Whether a statement may change rows (its first word, or a data-modifying WITH). */
    static boolean writes(String sql) {
        int start = 0;
        while (start < sql.length() && (Character.isWhitespace(sql.charAt(start)) || sql.charAt(start) == '(')) {
            start++;
        }
        for (String verb : new String[]{"insert", "update", "delete", "merge", "truncate"}) {
            if (sql.regionMatches(true, start, verb, 0, verb.length())) {
                return true;
            }
        }
        if (sql.regionMatches(true, start, "with", 0, 4)) {
            String lower = sql.toLowerCase(java.util.Locale.ROOT);
            return lower.contains("insert ") || lower.contains("update ") || lower.contains("delete ");
        }
        return false;
    }
}
