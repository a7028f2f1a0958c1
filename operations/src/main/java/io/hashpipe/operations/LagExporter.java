package io.hashpipe.operations;

import io.hashpipe.common.KafkaClients;
import io.hashpipe.management.Management;
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
 * The exporter's loop: reads the consumer groups' lag ({@link GroupLag}) into the management endpoint's registry
 * every interval, and reports ready while its last read is current. A failed read keeps the meters' last values
 * and is logged once until a read succeeds again.
 *
 * <p>Thread ownership: {@link #runUntil} runs on the caller's thread; {@link #close} after it returned.
 */
public final class LagExporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagExporter.class);
    /** Reads as old as this many intervals still count as current for readiness. */
    private static final int READY_INTERVALS = 3;

    private final Duration interval;
    private final Admin admin;
    private final GroupLag lag;

    /** Opens an admin client from {@code config} and wires readiness into {@code management}'s health. */
    public LagExporter(ExporterConfig config, Management management) {
        this.interval = config.interval();
        this.admin = Admin.create(adminProperties(config, interval));
        this.lag = new GroupLag(admin, management.registry(), config.groups());
        long current = interval.multipliedBy(READY_INTERVALS).toNanos();
        management.health().readyWhen(() -> lag.hasRead() && System.nanoTime() - lag.lastReadNanos() <= current);
    }

    /** Reads the lag now and every interval until {@code stopped} counts down. */
    public void runUntil(CountDownLatch stopped) throws InterruptedException {
        boolean failing = false;
        do {
            try {
                lag.refresh();
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
    }

    @Override
    public void close() {
        try {
            lag.close();
        } finally {
            admin.close();
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
