package io.hashpipe.saver.internals;

import java.util.PriorityQueue;
import java.util.function.LongBinaryOperator;

/**
 * A closed loop of simulated time around a {@link Limit}, as the dispatcher runs one: as many requests open
 * as the limit allows, each answer handed to the limit and followed at once by the sends it makes room for.
 * The API serves up to {@code capacity} requests at once and refuses the rest (503, answered in 1 ms); a
 * served request's round trip is {@code rtt(now, served)}: the time and the requests it serves then.
 *
 * <p>Not thread-safe; one test owns it.
 */
final class SimulatedApi {

    private static final long MS = 1_000_000;

    private record Request(long sentNanos, long answerNanos, boolean refused, int openAtSend) {
    }

    private final int capacity;
    private final LongBinaryOperator rtt;
    private final PriorityQueue<Request> open = new PriorityQueue<>((a, b) -> Long.compare(a.answerNanos(), b.answerNanos()));
    private long now;
    private int served;
    private long successes;
    private long refusals;
    private int peakLimit;

    /**
     * @param capacity requests served at once; more are refused
     * @param rtt      a served request's round trip in nanoseconds, from the time it is sent and the requests served then
     */
    SimulatedApi(int capacity, LongBinaryOperator rtt) {
        this.capacity = capacity;
        this.rtt = rtt;
    }

    /** Runs the loop until {@code untilNanos} of simulated time. */
    void runUntil(Limit limit, long untilNanos) {
        fill(limit);
        while (!open.isEmpty() && open.peek().answerNanos() <= untilNanos) {
            Request r = open.poll();
            now = r.answerNanos();
            if (r.refused()) {
                refusals++;
                limit.onRefusal(r.sentNanos(), now);
            } else {
                served--;
                successes++;
                limit.onSuccess(r.sentNanos(), now - r.sentNanos(), r.openAtSend());
            }
            peakLimit = Math.max(peakLimit, limit.current());
            fill(limit);
        }
        now = untilNanos;
    }

    private void fill(Limit limit) {
        while (open.size() < limit.current()) {
            boolean refused = served >= capacity;
            long answer = now + (refused ? MS : rtt.applyAsLong(now, served + 1));
            if (!refused) {
                served++;
            }
            open.add(new Request(now, answer, refused, open.size() + 1));
        }
    }

    /** Successes so far. */
    long successes() {
        return successes;
    }

    /** Refusals so far. */
    long refusals() {
        return refusals;
    }

    /** The highest limit seen. */
    int peakLimit() {
        return peakLimit;
    }
}
