package org.amhub.registry.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.amhub.testsupport.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two registries starting at once on an empty database seed the hubs once between them. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class ConcurrentSeedTest {

    @Inject
    SeedLoader seedLoader;

    @Inject
    HubService hubs;

    @Inject
    EntityManager entityManager;

    @Test
    void twoInstancesSeedingAtOnceAddEachHubOnce() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("DELETE FROM hub").executeUpdate());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> seed = seedLoader::seed;
            List<Future<Integer>> results = threads.invokeAll(List.of(seed, seed), 120, TimeUnit.SECONDS);
            int added = results.get(0).get() + results.get(1).get();
            assertThat(added).isEqualTo(13);
            assertThat(results).extracting(Future::get).containsExactlyInAnyOrder(13, 0);
            assertThat(hubs.count()).isEqualTo(13);
        } finally {
            threads.shutdownNow();
        }
    }
}
