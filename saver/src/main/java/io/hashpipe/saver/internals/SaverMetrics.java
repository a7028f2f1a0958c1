package io.hashpipe.saver.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/** The saver's meters, registered once; thread-safe. */
public final class SaverMetrics {

    /** Counter, tag {@code outcome} = stored|duplicate: records the API acknowledged. */
    public static final String STORED = "hashpipe.saver.stored";
    /** Counter: record attempts scheduled again after a transient failure. */
    public static final String RETRIES = "hashpipe.saver.retries";
    /** Counter: records acknowledged by the dead-letter topic. */
    public static final String DEAD_LETTERS = "hashpipe.saver.dead.letters";
    /** Counter, tag {@code status} = the HTTP status, {@code timeout} or {@code error}: requests made. */
    public static final String REQUESTS = "hashpipe.saver.requests";
    /** Gauge: requests open now. */
    public static final String IN_FLIGHT = "hashpipe.saver.in.flight";
    /** Gauge: the current (adaptive) limit on requests open at once. */
    public static final String LIMIT = "hashpipe.saver.limit";
    /** Gauge: the API's state as the saver sees it: 0 up, 1 down (an outage: waiting, probing), 2 misconfigured. */
    public static final String API_STATE = "hashpipe.saver.api.state";
    /** Timer: request round trips, answered or not. */
    public static final String REQUEST_DURATION = "hashpipe.saver.request.duration";
    /**
     * Gauge: records the API acknowledged (the {@link #STORED} counter, both outcomes) per second over the last
     * {@link #RATE_WINDOW}, for registries that cannot take a counter's rate themselves.
     */
    public static final String RECORDS_RATE = "hashpipe.saver.records.rate";
    /** Gauge: records of the assigned partitions that the saver's group has not committed (see {@link CommittedLag}). */
    public static final String COMMITTED_LAG = "hashpipe.saver.committed.lag";
    /** The window of {@link #RECORDS_RATE}. */
    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Counter stored;
    private final Counter duplicate;
    private final Counter retries;
    private final Counter deadLetters;
    private final Timer requestDuration;
    private final SlidingRate recordsRate;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    public SaverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stored = Counter.builder(STORED).tag("outcome", "stored").description("Results the database API stored").register(registry);
        this.duplicate = Counter.builder(STORED).tag("outcome", "duplicate").description("Results the database API already had").register(registry);
        this.retries = Counter.builder(RETRIES).description("Result attempts retried after a transient failure").register(registry);
        this.deadLetters = Counter.builder(DEAD_LETTERS).description("Results sent to the dead-letter topic").register(registry);
        this.requestDuration = Timer.builder(REQUEST_DURATION).description("Database API request round trips").register(registry);
        this.recordsRate = new SlidingRate(registry.config().clock(), RATE_WINDOW);
        Gauge.builder(RECORDS_RATE, recordsRate, SlidingRate::perSecond)
                .description("Results the database API acknowledged per second, over the last " + RATE_WINDOW.toSeconds() + " s")
                .strongReference(true).register(registry);
    }

    /** Registers the gauges; the suppliers must stay reachable (the registry holds them weakly). */
    public void gauges(IntSupplier inFlight, IntSupplier limit, IntSupplier apiState) {
        Gauge.builder(IN_FLIGHT, inFlight, IntSupplier::getAsInt).description("Database API requests open now").strongReference(true).register(registry);
        Gauge.builder(LIMIT, limit, IntSupplier::getAsInt).description("Limit on requests open at once").strongReference(true).register(registry);
        Gauge.builder(API_STATE, apiState, IntSupplier::getAsInt)
                .description("The database API's state: 0 up, 1 down (waiting, probing), 2 misconfigured (waiting, probing)")
                .strongReference(true).register(registry);
    }

    /** Registers the committed-lag gauge; the registry keeps {@code lag} reachable. */
    public void committedLag(CommittedLag lag) {
        Gauge.builder(COMMITTED_LAG, lag, CommittedLag::value)
                .description("Records of the assigned partitions not yet committed by the saver's group")
                .strongReference(true).register(registry);
    }

    public void acknowledged(Outcome outcome) {
        (outcome.kind() == Outcome.Kind.STORED ? stored : duplicate).increment();
        recordsRate.increment();
    }

    public void retried(int records) {
        retries.increment(records);
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    /** One request finished with {@code status} (an HTTP code, {@code timeout} or {@code error}). */
    public void request(String status, Duration took) {
        requests.computeIfAbsent(status, s -> Counter.builder(REQUESTS).tag("status", s)
                .description("Database API requests by answer").register(registry)).increment();
        requestDuration.record(took);
    }
}
