package org.amhub.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one), running in this JVM from Maven Central
 * artifacts. It keeps its port, cluster id and log directory across {@link #stop()} and {@link #start()}, so tests can
 * take the broker away and bring it back with its data.
 */
public final class LocalKafka implements AutoCloseable {

    private final int port;
    private final Path logDir;
    private final String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    private EmbeddedKafkaBroker broker;

    private LocalKafka(int port, Path logDir) {
        this.port = port;
        this.logDir = logDir;
    }

    /** Starts a broker on {@code port} (0 = any free port) keeping its data in {@code dataDir} (null = a temp dir). */
    public static LocalKafka start(int port, Path dataDir) {
        try {
            Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("amhub-kafka");
            LocalKafka kafka = new LocalKafka(port == 0 ? freePort() : port, dir);
            kafka.start();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (broker != null && broker.isRunning()) {
            return;
        }
        broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                .withControllerPort(freePort())
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(props -> {
                    props.put("log.dir", logDir.toString());
                    props.put("group.initial.rebalance.delay.ms", "0");
                    props.put("offsets.topic.replication.factor", "1");
                    props.put("transaction.state.log.replication.factor", "1");
                    props.put("transaction.state.log.min.isr", "1");
                    props.put("share.coordinator.state.topic.replication.factor", "1");
                    props.put("auto.create.topics.enable", "true");
                    props.put("num.partitions", "3");
                })
                .start();
    }

    /** Stops the broker; clients see it as unreachable until {@link #start()}. */
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
