package org.amhub.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the topics a service produces, with their cleanup policy, before the first event goes out: a topic that
 * the broker auto-created on first write would not be compacted.
 */
@ApplicationScoped
public class TopicProvisioner {

    /** Topics a service owns ({@code amhub.kafka.topics."name".*}). */
    @ConfigMapping(prefix = "amhub.kafka")
    public interface TopicsConfig {
        Map<String, TopicSettings> topics();

        interface TopicSettings {
            @WithDefault("3")
            int partitions();

            @WithDefault("false")
            boolean compacted();
        }
    }

    private final TopicsConfig config;
    private final String bootstrapServers;
    private volatile boolean provisioned;

    TopicProvisioner(TopicsConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    /** Creates missing topics once; throws while the broker cannot be reached, so callers retry later. */
    public void ensureProvisioned() {
        if (provisioned || config.topics().isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = config.topics().entrySet().stream()
                    .filter(entry -> !existing.contains(entry.getKey()))
                    .map(entry -> {
                        Map<String, String> topicConfig = new HashMap<>();
                        if (entry.getValue().compacted()) {
                            topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                        }
                        return new NewTopic(entry.getKey(), entry.getValue().partitions(), (short) 1).configs(topicConfig);
                    })
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            provisioned = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topics yet: " + e.getMessage(), e);
        }
    }
}
