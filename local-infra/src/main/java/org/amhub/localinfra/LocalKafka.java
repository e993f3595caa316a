package org.amhub.localinfra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node), run in this JVM straight from the
 * {@code kafka_2.13} artifact: the storage is formatted once (as {@code kafka-storage.sh format} would), then a
 * {@link KafkaRaftServer} serves it. It keeps its port, cluster id and log directory across {@link #stop()} and
 * {@link #start()}; with a fixed data directory it keeps its topics and offsets across JVMs too.
 */
public final class LocalKafka implements AutoCloseable {

    private static final int NODE_ID = 1;

    private final int port;
    private final Path logDir;
    private final boolean temporary;
    private final Map<String, String> extraProperties;
    private KafkaRaftServer server;

    private LocalKafka(int port, Path logDir, boolean temporary, Map<String, String> extraProperties) {
        this.port = port;
        this.logDir = logDir;
        this.temporary = temporary;
        this.extraProperties = Map.copyOf(extraProperties);
    }

    /** Starts a broker on {@code port} (0 = any free port) keeping its data in {@code dataDir} (null = a temp dir). */
    public static LocalKafka start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /** As {@link #start(int, Path)}, with broker properties that override the defaults. */
    public static LocalKafka start(int port, Path dataDir, Map<String, String> extraProperties) {
        try {
            boolean temporary = dataDir == null;
            Path dir = temporary ? Files.createTempDirectory("amhub-kafka") : Files.createDirectories(dataDir);
            LocalKafka kafka = new LocalKafka(port == 0 ? freePort() : port, dir, temporary, extraProperties);
            kafka.start();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(freePort()), false);
        format(config);
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            started.awaitShutdown();
            throw new IllegalStateException("Kafka did not start on port " + port + ": " + e.getMessage(), e);
        }
        server = started;
    }

    /** Stops the broker; clients see it as unreachable until {@link #start()}. The data stays. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return logDir;
    }

    @Override
    public void close() {
        stop();
        if (temporary) {
            DataDirectories.delete(logDir);
        }
    }

    private Properties brokerProperties(int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("process.roles", "broker,controller");
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        // A static single voter: the controller port may change from one start to the next.
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("log.dirs", logDir.toString());
        props.put("controlled.shutdown.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("default.replication.factor", "1");
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "3");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.putAll(extraProperties);
        Properties properties = new Properties();
        properties.putAll(props);
        return properties;
    }

    /** Formats the log directory unless it already holds a formatted broker (then its cluster id is kept). */
    private void format(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(existingClusterId().orElseGet(() -> Uuid.randomUuid().toString()))
                    .setNodeId(NODE_ID)
                    .setIgnoreFormatted(true)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private java.util.Optional<String> existingClusterId() {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return java.util.Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    /** A port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
