package io.hashpipe.broker;

import io.hashpipe.common.AbstractService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), run in this JVM from Apache
 * Kafka's own server classes: the same broker code as a production cluster, with replication factors of
 * one. Formats its data directory on first start and reuses it afterwards. Share groups are on: a data
 * directory formatted by an older Kafka gets the {@code share.version} feature upgraded at start
 * ({@link ShareGroupsFeature}).
 *
 * <p>A {@link io.hashpipe.common.Service}: {@link #start()} returns once the broker answers clients (RUNNING); the
 * broker is STOPPED after {@link #close(Duration)}, and FAILED when Kafka's server stopped on its own (embedded, it
 * installs no signal handler: it stops on its own only on a fatal error, which its log names), so that {@code
 * hashpipe broker} then exits non-zero and a supervisor restarts it.
 */
public final class EmbeddedBroker extends AbstractService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final EmbeddedBrokerConfig config;
    private volatile KafkaRaftServer server;
    private volatile String bootstrapServers;
    private volatile Path dataDir;
    private volatile boolean temporary;
    private volatile boolean closing;

    /** Nothing is opened here: {@link #start()} does. */
    public EmbeddedBroker(EmbeddedBrokerConfig config) {
        super("broker");
        this.config = config;
    }

    /** Formats the data directory if needed, starts the broker and waits until it answers clients. */
    @Override
    protected void startUp() {
        String host = config.getString(EmbeddedBrokerConfig.HOST);
        String dir = config.getString(EmbeddedBrokerConfig.DATA_DIR);
        boolean temporary = dir.isBlank();
        try {
            Path dataDir = temporary ? Files.createTempDirectory("hashpipe-broker-") : Path.of(dir).toAbsolutePath();
            Files.createDirectories(dataDir);
            int port = config.getInt(EmbeddedBrokerConfig.PORT);
            if (port == 0) {
                port = freePort(host);
            }
            int controllerPort = freePort(host);
            Properties props = serverProperties(host, port, controllerPort, dataDir, config.getInt(EmbeddedBrokerConfig.PARTITIONS));
            Path propsFile = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "written by hashpipe broker at each start");
            }
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                format(propsFile);
            }
            this.dataDir = dataDir;
            this.temporary = temporary;
            this.bootstrapServers = host + ":" + port;
            KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            this.server = started;
            started.startup();
            awaitReady(Duration.ofSeconds(60)); // on failure, shutDown stops the server
            log.info("Kafka broker ready at {} (data in {})", bootstrapServers, dataDir);
            running();
            Thread watch = new Thread(() -> {
                started.awaitShutdown();
                if (!closing) {
                    failed(new IllegalStateException("The Kafka broker at " + bootstrapServers + " stopped on its own (a fatal"
                            + " error: see its log above; data in " + dataDir + ")"));
                }
            }, "hashpipe-broker-watch");
            watch.setDaemon(true);
            watch.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the broker's data directory " + dir, e);
        }
    }

    /** The {@code host:port} that clients connect to. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its logs. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker (Kafka's own shutdown, which {@code timeout} does not cut short), and deletes its data when the directory was temporary. */
    @Override
    protected void shutDown(Duration timeout) {
        closing = true;
        KafkaRaftServer current = server;
        if (current != null) {
            current.shutdown();
            current.awaitShutdown();
        }
        if (temporary && dataDir != null) {
            deleteRecursively(dataDir);
        }
    }

    static Properties serverProperties(String host, int port, int controllerPort, Path dataDir, int partitions) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", Integer.toString(partitions));
        // One node: every internal topic has one replica, and fewer partitions make the first start fast.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "12");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "12");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", propsFile.toString()
            }, ps);
        }
        String said = out.toString(StandardCharsets.UTF_8).trim();
        if (rc != 0) {
            throw new IllegalStateException("Cannot format the broker's data directory (" + propsFile.getParent() + "): " + said);
        }
        log.debug("kafka-storage format: {}", said);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        ShareGroupsFeature.enable(admin);
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for the broker", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The broker at " + bootstrapServers + " did not answer within " + timeout, e);
                    }
                }
            }
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete the broker's temporary directory {}: {}", dir, e.toString());
        }
    }
}
