package org.amhub.outbox;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the topics a service produces, with their cleanup policy and replication factor, before the first event goes
 * out: a topic that the broker auto-created on first write would not be compacted.
 */
@ApplicationScoped
public class TopicProvisioner {

    /** Topics a service owns ({@code amhub.kafka.topics."name".*}) and how they are replicated. */
    @ConfigMapping(prefix = "amhub.kafka")
    public interface TopicsConfig {
        Map<String, TopicSettings> topics();

        /** Replication factor of created topics (1 for the single local broker; 3 on a production cluster). */
        @WithDefault("1")
        short replicationFactor();

        interface TopicSettings {
            @WithDefault("3")
            int partitions();

            @WithDefault("false")
            boolean compacted();

            /** Overrides {@code amhub.kafka.replication-factor} for this topic. */
            Optional<Short> replicationFactor();
        }
    }

    private final TopicsConfig config;
    private final Map<String, Object> adminConfig;
    private volatile boolean provisioned;

    TopicProvisioner(TopicsConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.adminConfig = adminConfig(kafkaConfig);
    }

    /** Every {@code kafka.*} property an admin client knows (bootstrap servers, security, SASL, TLS ...). */
    static Map<String, Object> adminConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return settings;
    }

    /** Creates missing topics once; throws while the broker cannot be reached, so callers retry later. */
    public void ensureProvisioned() {
        if (provisioned || config.topics().isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = config.topics().entrySet().stream()
                    .filter(entry -> !existing.contains(entry.getKey()))
                    .map(entry -> {
                        Map<String, String> topicConfig = new HashMap<>();
                        if (entry.getValue().compacted()) {
                            topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                        }
                        short replicas = entry.getValue().replicationFactor().orElse(config.replicationFactor());
                        return new NewTopic(entry.getKey(), entry.getValue().partitions(), replicas).configs(topicConfig);
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
