package io.hashpipe.launcher.internals;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches a replaying saver's meters (records done, limit) and prints the replay's summary: records/s
 * from the first to the last record done, request latency percentiles, the in-flight limit and the
 * database API's capacity bound.
 */
public final class SaverReplayReport {

    private final MeterRegistry registry;
    private final String stored;
    private final String deadLetters;
    private final String limit;
    private final String requestTimer;
    private long firstNanos;
    private long lastNanos;
    private long lastDone;
    private int peakLimit;
    /** The limit once a second from the first record done, to show how it converged. */
    private final java.util.List<Integer> limitPerSecond = new java.util.ArrayList<>();

    public SaverReplayReport(MeterRegistry registry, String stored, String deadLetters, String limit, String requestTimer) {
        this.registry = registry;
        this.stored = stored;
        this.deadLetters = deadLetters;
        this.limit = limit;
        this.requestTimer = requestTimer;
    }

    /** Makes every timer keep its percentiles over the whole replay; call before the saver registers its meters. */
    public static void keepPercentiles(MeterRegistry registry) {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder().percentiles(0.5, 0.9, 0.99).percentilePrecision(2)
                        .expiry(Duration.ofHours(1)).bufferLength(1).build().merge(config);
            }
        });
    }

    /** Records done so far: stored, already stored, or dead-lettered. */
    public long done() {
        return MeterReadings.count(registry, stored) + MeterReadings.count(registry, deadLetters);
    }

    /** Samples the meters; call often (every few tens of milliseconds) for a sharp clock. */
    public void sample() {
        long now = System.nanoTime();
        long done = done();
        if (done > lastDone) {
            if (lastDone == 0) {
                firstNanos = now;
            }
            lastDone = done;
            lastNanos = now;
        }
        peakLimit = Math.max(peakLimit, currentLimit());
        if (lastDone > 0 && now - firstNanos >= limitPerSecond.size() * 1_000_000_000L) {
            limitPerSecond.add(currentLimit());
        }
    }

    public int currentLimit() {
        Gauge gauge = registry.find(limit).gauge();
        return gauge == null ? 0 : (int) gauge.value();
    }

    /** Records per second between the first and the last record done. */
    public double recordsPerSecond() {
        double seconds = (lastNanos - firstNanos) / 1e9;
        return seconds <= 0 ? 0 : lastDone / seconds;
    }

    /** Prints the summary. */
    public void print(PrintWriter out, DbApiSettings settings, int batchSize) {
        double seconds = (lastNanos - firstNanos) / 1e9;
        out.printf("  records          %,10d   stored, already stored, or dead-lettered%n", lastDone);
        out.printf("  duplicates       %,10d   answered stored:false%n", MeterReadings.count(registry, stored, "outcome", "duplicate"));
        out.printf("  dead letters     %,10d%n", MeterReadings.count(registry, deadLetters));
        out.printf("  time             %10.2f s   first record done -> last%n", seconds);
        out.printf("  throughput       %,10.0f /s  records%n", recordsPerSecond());
        Timer timer = registry.find(requestTimer).timer();
        if (timer != null) {
            StringBuilder line = new StringBuilder();
            for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
                line.append(String.format(" p%.0f %.0f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
            }
            out.printf("  request latency %s (%,d requests)%n", line, timer.count());
        }
        out.printf("  in-flight limit  %,10d   at the end (peak %,d)%n", currentLimit(), peakLimit);
        out.println("  limit each second " + limitPerSecond);
        if (settings == null) {
            out.println("  capacity bound          ?   the database API does not answer GET /admin/settings");
        } else {
            out.println("  capacity bound   " + settings.describe());
            double bound = settings.requestsPerSecond();
            if (!Double.isInfinite(bound)) {
                out.printf("  vs bound         %10.2f   records/s over requests/s (x %d records per request at most)%n",
                        recordsPerSecond() / bound, batchSize);
            }
        }
        out.flush();
    }
}
