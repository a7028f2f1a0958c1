package io.hashpipe.bench;

import io.hashpipe.common.MeterReadings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
    private final String inFlight;
    private final String requests;
    private long firstNanos;
    private long lastNanos;
    private long lastDone;
    private int peakLimit;
    /** One sample a second from the first record done, to show how the limit converged and what it cost. */
    private final List<Second> perSecond = new ArrayList<>();

    /**
     * One second of the replay.
     *
     * @param records records done in that second
     * @param limit the in-flight limit at its end
     * @param inFlight requests open at its end
     * @param overloads requests answered 429 or 503 in that second
     */
    record Second(long records, int limit, int inFlight, long overloads) {
        @Override
        public String toString() {
            return String.format("%,d/%d/%d/%d", records, limit, inFlight, overloads);
        }
    }

    /**
     * Reads the saver's meters by name: {@code stored} and {@code deadLetters} counters, {@code limit} and
     * {@code inFlight} gauges, the {@code requestTimer} and the {@code requests} counter tagged by status.
     */
    public SaverReplayReport(MeterRegistry registry, String stored, String deadLetters, String limit, String requestTimer,
                             String inFlight, String requests) {
        this.registry = registry;
        this.stored = stored;
        this.deadLetters = deadLetters;
        this.limit = limit;
        this.requestTimer = requestTimer;
        this.inFlight = inFlight;
        this.requests = requests;
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
        sample(System.nanoTime());
    }

    /** {@link #sample()} at {@code now}, a {@link System#nanoTime()} reading. */
    void sample(long now) {
        long done = done();
        if (done > lastDone) {
            if (lastDone == 0) {
                firstNanos = now;
            }
            lastDone = done;
            lastNanos = now;
        }
        peakLimit = Math.max(peakLimit, currentLimit());
        if (lastDone > 0 && now - firstNanos >= (perSecond.size() + 1) * 1_000_000_000L) {
            perSecond.add(new Second(done - doneBefore(), currentLimit(), gaugeValue(inFlight), overloads() - overloadsBefore()));
        }
    }

    /** The seconds sampled so far. */
    List<Second> seconds() {
        return List.copyOf(perSecond);
    }

    private long doneBefore() {
        return perSecond.stream().mapToLong(Second::records).sum();
    }

    private long overloadsBefore() {
        return perSecond.stream().mapToLong(Second::overloads).sum();
    }

    private long overloads() {
        return MeterReadings.count(registry, requests, "status", "503") + MeterReadings.count(registry, requests, "status", "429");
    }

    private int gaugeValue(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : (int) gauge.value();
    }

    public int currentLimit() {
        return gaugeValue(limit);
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
        out.println("  each second      records/limit/in flight/overloads (429+503): "
                + perSecond.stream().map(Second::toString).collect(Collectors.joining("  ")));
        if (settings == null) {
            out.println("  capacity bound          ?   the database API does not answer GET /admin/settings (--db-admin-token)");
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
