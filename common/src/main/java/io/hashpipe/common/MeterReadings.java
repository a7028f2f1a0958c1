package io.hashpipe.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Stream;

/** Reads the services' counters for progress lines and summaries. */
public final class MeterReadings {

    private MeterReadings() {
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
