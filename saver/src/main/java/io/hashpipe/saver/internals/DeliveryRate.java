package io.hashpipe.saver.internals;

/**
 * The throughput signal of the adaptive limit's slow start: successes per second, round trip by round trip,
 * and whether they still grow as the limit does. TCP BBR's "full pipe" test: while the best round's rate
 * grew by {@code growth} within the last {@code stalledRounds} rounds, the API is taking more as more is sent,
 * and a latency above its floor is not a queue at the API but cold code and connections opening, on the
 * saver's side or the API's.
 *
 * <p>A round ends with the first success of a request sent after it began, so it lasts one round trip
 * whatever the latency; its rate is its successes over its length. Not thread-safe.
 */
final class DeliveryRate {

    private final double growth;
    private final int stalledRounds;
    private boolean started;
    private long roundStartNanos;
    private long delivered;
    /** The best rate that grew by {@link #growth} over the one before it, per second. */
    private double grownRate;
    private int stalled;

    /**
     * @param growth        the factor a round's rate must pass the last grown one by to count as growth
     * @param stalledRounds rounds without such growth after which the rate has stopped rising
     */
    DeliveryRate(double growth, int stalledRounds) {
        if (!(growth > 1)) {
            throw new IllegalArgumentException("growth must be above 1, was " + growth);
        }
        if (stalledRounds < 1) {
            throw new IllegalArgumentException("stalledRounds must be at least 1, was " + stalledRounds);
        }
        this.growth = growth;
        this.stalledRounds = stalledRounds;
    }

    /** Adds a success of a request sent at {@code sentNanos}, answered at {@code nowNanos}. */
    void add(long sentNanos, long nowNanos) {
        if (!started) {
            started = true;
            roundStartNanos = nowNanos;
            return;
        }
        delivered++;
        if (sentNanos - roundStartNanos < 0 || nowNanos - roundStartNanos <= 0) {
            return;
        }
        double rate = delivered * 1e9 / (nowNanos - roundStartNanos);
        if (rate >= grownRate * growth) {
            grownRate = rate;
            stalled = 0;
        } else {
            stalled++;
        }
        roundStartNanos = nowNanos;
        delivered = 0;
    }

    /** Whether the rate still rises: it grew within the last {@code stalledRounds} rounds (or no round ended yet). */
    boolean rising() {
        return stalled < stalledRounds;
    }

    /** Whether the last round that ended did not grow: the rate may be reaching its plateau. */
    boolean stalled() {
        return stalled > 0;
    }

    /** Forgets every round: the next success starts one afresh. */
    void reset() {
        started = false;
        delivered = 0;
        grownRate = 0;
        stalled = 0;
    }
}
