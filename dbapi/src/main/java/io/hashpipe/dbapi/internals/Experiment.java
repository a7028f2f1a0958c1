package io.hashpipe.dbapi.internals;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The experiment's model of a slow, limited, unreliable database: admits writes against the concurrency
 * and rate limits, picks injected faults and draws each write's latency, from knobs that can change at
 * runtime.
 *
 * <p>Thread-safe: event loops call it concurrently. A write picked to time out gives its concurrency slot
 * back at once: it is held, not worked on, and would otherwise lock the server up for the hold time.
 */
public final class Experiment {

    /** The outcome of {@link #admit()}. */
    public enum Admission { ADMITTED, OVER_CONCURRENCY, OVER_RATE }

    /** The fault injected into one admitted write. */
    public enum Fault { NONE, ERROR, TIMEOUT }

    /** Writes admitted and not yet answered. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The knobs and their rate limiter, replaced together. */
    private volatile State state;

    private record State(Knobs knobs, TokenBucket bucket) {
    }

    public Experiment(Knobs knobs) {
        this.state = stateOf(knobs);
    }

    public Knobs knobs() {
        return state.knobs();
    }

    /**
     * Replaces the knobs with {@code change} of the current ones, atomically; a changed rate limit starts
     * with a full bucket, an unchanged one keeps its tokens.
     *
     * @return the new knobs
     * @throws IllegalArgumentException from {@code change}, leaving the knobs as they were
     */
    public synchronized Knobs update(UnaryOperator<Knobs> change) {
        State current = state;
        Knobs knobs = change.apply(current.knobs());
        state = knobs.maxRps() == current.knobs().maxRps() ? new State(knobs, current.bucket()) : stateOf(knobs);
        return knobs;
    }

    /** Writes admitted and not yet {@link #release() released}. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Takes a concurrency slot and a rate token, or neither; an admitted write must be released once. */
    public Admission admit() {
        State current = state;
        int running = inFlight.incrementAndGet();
        int max = current.knobs().maxConcurrency();
        if (max > 0 && running > max) {
            inFlight.decrementAndGet();
            return Admission.OVER_CONCURRENCY;
        }
        if (current.bucket() != null && !current.bucket().tryAcquire()) {
            inFlight.decrementAndGet();
            return Admission.OVER_RATE;
        }
        return Admission.ADMITTED;
    }

    /** Gives back the slot of an admitted write. */
    public void release() {
        inFlight.decrementAndGet();
    }

    /** Seconds a rate-limited client should wait (Retry-After). */
    public long retryAfterSeconds() {
        TokenBucket bucket = state.bucket();
        return bucket == null ? 1 : bucket.secondsUntilAvailable();
    }

    /** Draws the fault of one write: timeouts with timeoutRate, errors with errorRate, never both. */
    public Fault drawFault() {
        Knobs knobs = state.knobs();
        if (knobs.timeoutRate() == 0.0 && knobs.errorRate() == 0.0) {
            return Fault.NONE;
        }
        double draw = ThreadLocalRandom.current().nextDouble();
        if (draw < knobs.timeoutRate()) {
            return Fault.TIMEOUT;
        }
        return draw < knobs.timeoutRate() + knobs.errorRate() ? Fault.ERROR : Fault.NONE;
    }

    /** Draws one write's latency: latencyMs plus a uniform jitter. */
    public long drawLatencyMillis() {
        Knobs knobs = state.knobs();
        int jitter = knobs.latencyJitterMs();
        return knobs.latencyMs() + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextInt(jitter + 1));
    }

    private static State stateOf(Knobs knobs) {
        return new State(knobs, knobs.maxRps() == 0 ? null : new TokenBucket(knobs.maxRps(), System::nanoTime));
    }
}
