package io.hashpipe.testkit;

/**
 * The names Micrometer's Prometheus registry gives a meter, so that tests of scrapes and dashboards name
 * meters by the services' published constants ({@code HasherMeters}, {@code SaverMeters}, ...): dots become
 * underscores, a base unit is appended, counters end in {@code _total}, timers are in seconds.
 */
public final class PrometheusNames {

    private PrometheusNames() {
    }

    /** A gauge's series. */
    public static String gauge(String meter) {
        return meter.replace('.', '_');
    }

    /** A counter's series. */
    public static String counter(String meter) {
        return gauge(meter) + "_total";
    }

    /** A counter with a base unit, such as {@code tasks}. */
    public static String counter(String meter, String baseUnit) {
        return gauge(meter) + "_" + baseUnit + "_total";
    }

    /** A timer's histogram buckets. */
    public static String timerBuckets(String meter) {
        return gauge(meter) + "_seconds_bucket";
    }
}
