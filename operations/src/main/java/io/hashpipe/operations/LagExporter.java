package io.hashpipe.operations;

import io.hashpipe.common.AbstractService;
import io.hashpipe.common.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's loop: reads the consumer groups' lag ({@link GroupLag}) into a registry every interval. A failed
 * read keeps the meters' last values and is logged once until a read succeeds again.
 *
 * <p>A {@link io.hashpipe.common.Service}: {@link #start()} opens the admin client and starts the reading thread;
 * the exporter is RUNNING while its last successful read is at most three intervals old, WAITING otherwise
 * (Kafka does not answer), STARTING before the first read.
 */
public final class LagExporter extends AbstractService {

    private static final Logger log = LoggerFactory.getLogger(LagExporter.class);
    /** Reads as old as this many intervals still count as current. */
    private static final int READY_INTERVALS = 3;

    private final ExporterConfig config;
    private final MeterRegistry registry;
    private final Duration interval;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Admin admin;
    private volatile GroupLag lag;
    private volatile Thread reader;

    /** Nothing is opened here: {@link #start()} does. */
    public LagExporter(ExporterConfig config, MeterRegistry registry) {
        super("exporter");
        this.config = config;
        this.registry = registry;
        this.interval = config.interval();
    }

    @Override
    protected void startUp() {
        admin = Admin.create(adminProperties(config, interval));
        lag = new GroupLag(admin, registry, config.groups());
        // A successful read is a turn: a loop whose reads fail stops turning, and is WAITING after three intervals.
        watchLoop(interval.multipliedBy(READY_INTERVALS), interval, () -> true);
        reader = startThread("hashpipe-exporter", this::readUntilStopped, false);
    }

    /** Reads the lag now and every interval until closed. */
    private void readUntilStopped() {
        boolean failing = false;
        try {
            do {
                try {
                    lag.refresh();
                    turned();
                    if (failing) {
                        log.info("Reading the groups' offsets works again");
                    }
                    failing = false;
                } catch (KafkaException e) {
                    if (!failing) {
                        log.warn("{}; the lag meters keep their last values, and the exporter reports not ready until a read succeeds", e.getMessage());
                    }
                    failing = true;
                }
            } while (!stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not closed: FAILED, naming the interrupt (startThread)
        }
    }

    @Override
    protected void shutDown(Duration timeout) throws InterruptedException {
        stopped.countDown();
        Thread thread = reader;
        if (thread != null && thread != Thread.currentThread()) { // a close from a listener on the reading thread
            thread.join(Math.max(1, timeout.toMillis()));
        }
        try {
            if (lag != null) {
                lag.close();
            }
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
    }

    /** The client settings, with a request that cannot hang for much longer than a few intervals. */
    private static Map<String, Object> adminProperties(ExporterConfig config, Duration interval) {
        Map<String, Object> props = KafkaClients.admin(config);
        int timeout = (int) Math.max(10_000, interval.toMillis() * 2);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "hashpipe-exporter");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
        return props;
    }
}
