package io.hashpipe.common;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The one lifecycle of every hashpipe service (hasher, saver, dbapi, producer, the embedded broker), modelled on
 * Kafka Streams' {@code KafkaStreams.State} and {@code StateListener}: nothing is opened in a constructor;
 * {@link #start()} opens the clients and starts the service's threads; {@link #state()} says what it is doing, and
 * a {@link StateListener} hears every change; {@link #close(Duration)} stops it.
 *
 * <p>Readiness is the state: a service can do its job exactly while it is {@link State#RUNNING}.
 */
public interface Service extends AutoCloseable {

    /** How long {@link #close()} waits when no duration is given. */
    Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The states of a service and the changes between them:
     * <pre>
     *   CREATED ──► STARTING ──► RUNNING ◄──► WAITING
     *      │           │            │            │
     *      └───────────┴────────────┴─► STOPPING ─┴──► STOPPED
     *   (STARTING, RUNNING, WAITING, STOPPING) ──► FAILED
     * </pre>
     * A one-shot job (the producer) goes from RUNNING through STOPPING to STOPPED on its own when done.
     */
    enum State {
        /** Built; nothing opened yet. */
        CREATED(1, 4),
        /** {@link #start()} was called: opening its clients, waiting for Kafka, joining its group. */
        STARTING(2, 3, 4, 6),
        /** Doing its job. */
        RUNNING(3, 4, 6),
        /**
         * Started but not able to do its job now: Kafka unreachable, the saver's API circuit open, or its loop
         * has not turned for a while (stalled). Back to RUNNING when that passes.
         */
        WAITING(2, 4, 6),
        /** {@link #close(Duration)} was called, or a one-shot job is done: finishing what it holds, closing its clients. */
        STOPPING(5, 6),
        /** Stopped cleanly. Terminal. */
        STOPPED,
        /** Stopped by an error ({@link #failure()}). Terminal. */
        FAILED;

        private final Set<Integer> validNext;

        State(Integer... validNext) {
            this.validNext = Set.of(validNext);
        }

        /** Whether a service in this state may move to {@code next}. */
        public boolean isValidTransition(State next) {
            return validNext.contains(next.ordinal());
        }

        /** Whether the service has stopped, cleanly or not: no state follows. */
        public boolean isTerminal() {
            return this == STOPPED || this == FAILED;
        }
    }

    /** Hears every change of a service's state, in order. */
    @FunctionalInterface
    interface StateListener {
        /** The service moved from {@code oldState} to {@code newState}; must not block. */
        void onChange(State newState, State oldState);
    }

    /** The service's name, for logs and the health endpoint. */
    String name();

    /**
     * Opens the clients and starts the service's threads. Returns once started: a synchronous service (dbapi, the
     * broker) is {@link State#RUNNING} then, a consumer service may still be {@link State#STARTING} (waiting for
     * Kafka, joining its group).
     *
     * @throws IllegalStateException when called more than once or after {@link #close(Duration)}
     * @throws RuntimeException      what made the start fail (the service is {@link State#FAILED} then)
     */
    void start();

    /** The current state. */
    State state();

    /** What stopped the service, when it is {@link State#FAILED}. */
    Optional<Throwable> failure();

    /** Adds a listener of the state's changes; it hears the changes after this call. */
    void addStateListener(StateListener listener);

    /**
     * Stops the service: finishes or hands back what it holds, closes its clients and threads, waiting at most
     * {@code timeout}. Idempotent; safe from a shutdown hook and from any thread but the service's own. A close while
     * {@link #start()} is opening the clients waits for it (within {@code timeout}) before it shuts them down; when
     * the start takes longer, the service stays {@link State#STOPPING} and the start shuts it down once it returns.
     */
    void close(Duration timeout);

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    default void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Waits until the service is {@link State#STOPPED} or {@link State#FAILED}, at most {@code timeout}.
     *
     * @return whether it has stopped
     */
    boolean awaitStopped(Duration timeout) throws InterruptedException;

    /**
     * Rethrows what stopped the service when it is {@link State#FAILED}: the same exception when it is unchecked,
     * else wrapped in an {@link IllegalStateException}. Does nothing otherwise.
     */
    default void throwIfFailed() {
        if (state() != State.FAILED) {
            return;
        }
        Throwable cause = failure().orElseThrow(() -> new AssertionError(name() + " failed without a cause"));
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(name() + " failed: " + cause, cause);
    }
}
