package io.hashpipe.launcher.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Stream;

/** Reads the services' counters for progress lines and summaries. */
public final class MeterReadings {

    /** Seconds since the consumer's last poll, from its client metrics (both group protocols). */
    public static final String LAST_POLL_METER = "kafka.consumer.last.poll.seconds.ago";
    /** The same for a share consumer ({@code hasher --group-type share}), from its {@code consumer-share-metrics}. */
    public static final String SHARE_LAST_POLL_METER = "kafka.consumer.share.last.poll.seconds.ago";
    /** A consumer that polled this recently is working (its loop polls even while its partitions are paused). */
    private static final double RECENT_POLL_SECONDS = 60;

    private MeterReadings() {
    }

    /**
     * Whether a Kafka consumer reporting to {@code registry} polled in the last minute: it reached the
     * broker, and its loop is not stuck. Before the first poll, Kafka reports the seconds since 1970.
     */
    public static boolean consumerPolledRecently(MeterRegistry registry) {
        return Stream.of(LAST_POLL_METER, SHARE_LAST_POLL_METER).flatMap(name -> registry.find(name).gauges().stream())
                .mapToDouble(Gauge::value).anyMatch(seconds -> seconds >= 0 && seconds <= RECENT_POLL_SECONDS);
    }

    /** The sum of every counter named {@code name}, whatever its tags; 0 when there is none yet. */
    public static long count(MeterRegistry registry, String name) {
        double sum = 0;
        for (Counter counter : registry.find(name).counters()) {
            sum += counter.count();
        }
        return (long) sum;
    }

    /** The sum of the counters named {@code name} with tag {@code tag}={@code value}. */
    public static long count(MeterRegistry registry, String name, String tag, String value) {
        double sum = 0;
        for (Counter counter : registry.find(name).tag(tag, value).counters()) {
            sum += counter.count();
        }
        return (long) sum;
    }
}
