package io.hashpipe.saver.internals;

import io.hashpipe.saver.internals.Outcome.Kind;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API can take records now, judged from its answers as a whole: a circuit breaker that tells an
 * outage (or a misconfiguration) from bad records, so that only bad records reach the dead letters.
 *
 * <p>{@link State#UP}: send at the limit. After a run of {@value #OPEN_AFTER_FAILURES} failures that are not
 * about a record (no connection, timeouts, 408/429/5xx; or 401/403/404/405/redirects) with no success for
 * {@link #OPEN_AFTER_SILENCE}, it opens ({@link State#DOWN} or {@link State#MISCONFIGURED}): one probe request
 * at a time, at an interval of a 120th of the outage's age (at least {@link #MIN_PROBE_INTERVAL}, at most
 * {@link #MAX_PROBE_INTERVAL}, or longer when the API's Retry-After asks), so that a 60 s outage is noticed
 * within half a second of its end while a long one costs a request every 30 s. The first answer that takes a
 * request closes it, and the in-flight limit is put back to what it was at the last success before the outage
 * (the outage's timeouts and refusals cut it), so that the saver resumes at full speed.
 *
 * <p>Until the API has taken one request since the start ("proven"), a rejection (400) says as much about the
 * saver's request shape (--db-body, the URL, a header) as about the record: {@value #UNPROVEN_REJECTIONS} of
 * them open the circuit as misconfigured. A record's own attempts count ({@link #countsAgainstRecord}) only
 * when the API is up, most recent answers are successes, and one came after the record was sent: then it alone
 * keeps failing. Logs once per state change. Confined to the dispatcher's event loop, except {@link #state()}
 * (volatile, for gauges and readiness).
 */
public final class ApiCircuit {

    /** The API's state as the saver sees it; {@link #code} is the gauge's value. */
    public enum State {
        UP(0), DOWN(1), MISCONFIGURED(2);

        private final int code;

        State(int code) {
            this.code = code;
        }

        /** The value of the {@code hashpipe.saver.api.state} gauge. */
        public int code() {
            return code;
        }
    }

    /** Failures in a row, none about its record, that open the circuit (with {@link #OPEN_AFTER_SILENCE}). */
    static final int OPEN_AFTER_FAILURES = 5;
    /** How long without a success before such failures open it: an overloaded API that takes some stays up. */
    static final Duration OPEN_AFTER_SILENCE = Duration.ofSeconds(1);
    /** Rejections before any success that open it as misconfigured. */
    static final int UNPROVEN_REJECTIONS = 10;
    /** The shortest probe interval, at the start of an outage. */
    static final Duration MIN_PROBE_INTERVAL = Duration.ofMillis(250);
    /** The longest probe interval, unless Retry-After asks for more. */
    static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(30);
    /** The probe interval is the outage's age divided by this. */
    private static final int PROBE_SHARE = 120;
    /** Share of recent answers that must be successes for a failure to count against its record. */
    private static final double HEALTHY = 0.5;
    /** Weight of one answer in the share of successes (about the last 20 answers). */
    private static final double SMOOTHING = 0.05;

    private static final Logger log = LoggerFactory.getLogger(ApiCircuit.class);

    private final String endpoint;
    private final Duration maxOutage;
    private final Limit limit;
    /** The limit at the last success while up: what the saver resumes at after an outage. */
    private Limit.Level lastGoodLevel;
    private volatile State state = State.UP;
    /** Whether the API has taken a request since the start. */
    private boolean proven;
    /** {@link System#nanoTime()} of the last success (the start before the first). */
    private long lastSuccessNanos;
    /** Failures not about their record since the last success. */
    private int failuresSinceSuccess;
    /** Rejections before the API took any request. */
    private int unprovenRejections;
    /** Smoothed share of answers that were successes or about a record (the API working). */
    private double successShare = 1;
    /** When the circuit last opened. */
    private long openedNanos;
    /** When the next probe may go. */
    private long nextProbeNanos;
    /** Whether a probe is on its way. */
    private boolean probing;
    /** Probes sent in this outage, for the line that says it ended. */
    private int probes;
    /** Whether the --max-outage warning was logged for this outage. */
    private boolean gaveUp;
    /** The HTTP status of the failure last announced. */
    private int reasonStatus;

    /**
     * @param endpoint  the write URL, for the log lines
     * @param maxOutage how long to wait before records are given up; zero for ever
     * @param limit     the in-flight limit, put back on resume to what it was before the outage cut it
     */
    public ApiCircuit(String endpoint, Duration maxOutage, Limit limit, long nowNanos) {
        this.endpoint = endpoint;
        this.maxOutage = maxOutage;
        this.limit = limit;
        this.lastGoodLevel = limit.level();
        this.lastSuccessNanos = nowNanos;
    }

    State state() {
        return state;
    }

    boolean up() {
        return state == State.UP;
    }

    /** Whether the API has taken a request since the start: from then on a 400 is about its record. */
    boolean proven() {
        return proven;
    }

    /**
     * Takes the answer of a request sent at {@code sentNanos}; returns the state before it when it changed
     * the state, else null.
     */
    State onAnswer(Answer answer, long sentNanos, long nowNanos) {
        State before = state;
        if (!up() && sentNanos - openedNanos >= 0) {
            probing = false; // sent while open: the probe's answer
        }
        Kind verdict = answer.verdict();
        Outcome failure = answer.firstFailure();
        if (verdict == Kind.STORED || (verdict == Kind.REJECTED && proven)) {
            proven |= verdict == Kind.STORED;
            lastSuccessNanos = nowNanos;
            failuresSinceSuccess = 0;
            successShare += SMOOTHING * (1 - successShare);
            if (!up()) {
                close(nowNanos);
            } else if (verdict == Kind.STORED) {
                lastGoodLevel = limit.level();
            }
        } else if (verdict == Kind.REJECTED) {
            successShare += SMOOTHING * (1 - successShare); // the API answers about records: it works
            if (++unprovenRejections >= UNPROVEN_REJECTIONS) {
                fail(State.MISCONFIGURED, "every one of the first " + unprovenRejections + " answers refused its record ("
                        + failure.error() + "): check --db-body, --db-url and --db-header, since the API has taken no request yet",
                        failure, nowNanos, true);
            }
        } else {
            successShare -= SMOOTHING * successShare;
            failuresSinceSuccess++;
            State kind = verdict == Kind.MISCONFIGURED ? State.MISCONFIGURED : State.DOWN;
            boolean silent = nowNanos - lastSuccessNanos >= OPEN_AFTER_SILENCE.toNanos();
            fail(kind, describe(failure), failure, nowNanos, failuresSinceSuccess >= OPEN_AFTER_FAILURES && silent);
        }
        return state == before ? null : before;
    }

    /** Whether a failure of a record sent at {@code sentNanos} is its own: the API took others since, and takes most. */
    boolean countsAgainstRecord(long sentNanos) {
        return up() && lastSuccessNanos - sentNanos > 0 && successShare >= HEALTHY;
    }

    /** Whether a probe may be sent now: the circuit is open and no probe is on its way. */
    boolean probeDue(long nowNanos) {
        return !up() && !probing && nowNanos - nextProbeNanos >= 0;
    }

    void probeSent() {
        probing = true;
        probes++;
    }

    /** Nanoseconds until the next probe is due, for a timer; 0 when it is due now. */
    long nanosUntilProbe(long nowNanos) {
        return Math.max(0, nextProbeNanos - nowNanos);
    }

    /** Whether the API has been failing longer than --max-outage, so that what waits goes to the dead letters. */
    boolean outageExceeded(long nowNanos) {
        boolean exceeded = !up() && !maxOutage.isZero() && nowNanos - openedNanos >= maxOutage.toNanos();
        if (exceeded && !gaveUp) {
            gaveUp = true;
            log.warn("The API at {} has not taken a request for {} s, longer than --max-outage ({}): sending the results that wait "
                    + "to the dead-letter topic (class ApiUnavailable) until it answers", endpoint, (nowNanos - openedNanos) / 1_000_000_000L, maxOutage);
        }
        return exceeded;
    }

    private void fail(State kind, String why, Outcome failure, long nowNanos, boolean open) {
        if (up() && !open) {
            return;
        }
        if (up()) {
            openedNanos = nowNanos;
            probes = 0;
            gaveUp = false;
        }
        long interval = Math.max(probeInterval(nowNanos), RetryPolicy.parseRetryAfter(failure.retryAfter()).toNanos());
        nextProbeNanos = Math.max(nextProbeNanos, nowNanos + interval);
        // Once per state change; a misconfiguration again when its status changes (the hint changes with it).
        if (kind != state || (kind == State.MISCONFIGURED && failure.status() != reasonStatus)) {
            announce(kind, why, failure.status());
        } else {
            log.debug("The API at {} still fails: {}", endpoint, why);
        }
    }

    private void announce(State kind, String why, int status) {
        state = kind;
        reasonStatus = status;
        String waiting = "holding every result (none goes to the dead letters " + (maxOutage.isZero() ? "for this" : "before --max-outage " + maxOutage)
                + ") and probing with one request every " + MIN_PROBE_INTERVAL.toMillis() + " ms to " + MAX_PROBE_INTERVAL.toSeconds() + " s";
        if (kind == State.MISCONFIGURED) {
            log.error("The API at {} refuses the saver's requests as configured: {}; {}", endpoint, why, waiting);
        } else {
            log.warn("The API at {} is failing ({}); {}", endpoint, why, waiting);
        }
    }

    private void close(long nowNanos) {
        limit.restore(lastGoodLevel, nowNanos);
        log.info("The API at {} takes requests again after {} ms ({} probes); sending at up to {} requests in flight",
                endpoint, (nowNanos - openedNanos) / 1_000_000, probes, limit.current());
        state = State.UP;
        reasonStatus = 0;
        probing = false;
        nextProbeNanos = nowNanos;
    }

    private long probeInterval(long nowNanos) {
        long age = up() ? 0 : (nowNanos - openedNanos) / PROBE_SHARE;
        return Math.min(MAX_PROBE_INTERVAL.toNanos(), Math.max(MIN_PROBE_INTERVAL.toNanos(), age));
    }

    /** The failure with a hint at the flag to check, for the misconfigurations. */
    private static String describe(Outcome failure) {
        int status = failure.status();
        String hint = switch (status) {
            case 401, 403, 407 -> ": the API refuses the credentials; check --db-header / --db-header-file (saver.db.header)";
            case 404, 405, 501 -> ": no such endpoint or method there; check --db-url (saver.db.url) and --db-batch-url";
            default -> status > 0 && status < 300 ? ": not one of --success-status (saver.success.status)"
                    : status >= 300 && status < 400 ? ": a redirect, which the saver does not follow; give --db-url the final URL"
                    : failure.kind() == Kind.MISCONFIGURED ? ": check --db-truststore (saver.db.truststore) and the URL's host name" : "";
        };
        return failure.error() + hint;
    }
}
