package io.hashpipe.cli;

import io.hashpipe.common.MeterReadings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a long-running service's main counter at a fixed period with its rate, so that a user (or
 * {@code docker compose logs}) can see the service working.
 */
public final class ProgressLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hashpipe-progress");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts logging {@code what} (e.g. "hashed") read from counter {@code counter} every {@code periodSeconds}.
     */
    public ProgressLog(MeterRegistry registry, String service, String counter, String what, long periodSeconds) {
        long[] last = {0};
        timer.scheduleAtFixedRate(() -> {
            try {
                long now = MeterReadings.count(registry, counter);
                if (now != last[0]) {
                    log.info("{}: {} {} ({} /s over the last {} s)", service, String.format("%,d", now), what,
                            String.format("%,.1f", (now - last[0]) / (double) periodSeconds), periodSeconds);
                    last[0] = now;
                }
            } catch (RuntimeException e) {
                log.warn("Cannot read progress: {}", e.toString());
            }
        }, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
