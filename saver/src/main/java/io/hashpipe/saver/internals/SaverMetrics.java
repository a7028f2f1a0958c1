package io.hashpipe.saver.internals;

import static io.hashpipe.saver.SaverMeters.API_STATE;
import static io.hashpipe.saver.SaverMeters.COMMITTED_LAG;
import static io.hashpipe.saver.SaverMeters.DEAD_LETTERS;
import static io.hashpipe.saver.SaverMeters.IN_FLIGHT;
import static io.hashpipe.saver.SaverMeters.LIMIT;
import static io.hashpipe.saver.SaverMeters.OUTCOME_DUPLICATE;
import static io.hashpipe.saver.SaverMeters.OUTCOME_STORED;
import static io.hashpipe.saver.SaverMeters.RECORDS_RATE;
import static io.hashpipe.saver.SaverMeters.REQUESTS;
import static io.hashpipe.saver.SaverMeters.REQUEST_DURATION;
import static io.hashpipe.saver.SaverMeters.RETRIES;
import static io.hashpipe.saver.SaverMeters.STORED;
import static io.hashpipe.saver.SaverMeters.TAG_OUTCOME;
import static io.hashpipe.saver.SaverMeters.TAG_STATUS;

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
        this.stored = Counter.builder(STORED).tag(TAG_OUTCOME, OUTCOME_STORED).description("Results the database API stored").register(registry);
        this.duplicate = Counter.builder(STORED).tag(TAG_OUTCOME, OUTCOME_DUPLICATE).description("Results the database API already had").register(registry);
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
        requests.computeIfAbsent(status, s -> Counter.builder(REQUESTS).tag(TAG_STATUS, s)
                .description("Database API requests by answer").register(registry)).increment();
        requestDuration.record(took);
    }
}
