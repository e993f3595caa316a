package org.amhub.outbox;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's producer and the topic provisioner's admin client take every {@code kafka.*} security setting of the
 * service (as Quarkus exposes them under {@code default-kafka-broker}, prefix removed), not only the bootstrap servers.
 */
class KafkaClientConfigTest {

    static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "broker-1:9093,broker-2:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"amhub\" password=\"p\";",
            "ssl.truststore.location", "/etc/amhub/kafka-truststore.p12",
            "ssl.truststore.password", "changeit",
            "ssl.endpoint.identification.algorithm", "https",
            "not.a.kafka.setting", "ignored");

    @Test
    void relayProducerCarriesTheSecuritySettingsAndKeepsItsOwnGuarantees() {
        Map<String, Object> withWeakening = new HashMap<>(SECURED);
        withWeakening.put("acks", "0");
        withWeakening.put("enable.idempotence", "false");

        Map<String, Object> producer = OutboxRelay.producerConfig(withWeakening, outboxConfig());

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", SECURED.get("sasl.jaas.config"))
                .containsEntry("ssl.truststore.location", "/etc/amhub/kafka-truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                .doesNotContainKey("not.a.kafka.setting");
        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    }

    @Test
    void provisionerAdminClientCarriesTheSecuritySettings() {
        Map<String, Object> admin = TopicProvisioner.adminConfig(SECURED);

        assertThat(admin).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", SECURED.get("sasl.jaas.config"))
                .containsEntry("ssl.truststore.location", "/etc/amhub/kafka-truststore.p12")
                .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                .doesNotContainKey("not.a.kafka.setting");
    }

    private static OutboxConfig outboxConfig() {
        return (OutboxConfig) Proxy.newProxyInstance(OutboxConfig.class.getClassLoader(), new Class<?>[]{OutboxConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendTimeout" -> Duration.ofSeconds(10);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
