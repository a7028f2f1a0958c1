package io.hashpipe.saver.internals;

/**
 * A limit that starts at its maximum and goes below it only while the API is overloaded (429/503 or a
 * timeout: cut by {@link Aimd#DECREASE}), growing back on successes as the adaptive limit does after its
 * slow start. Latency is not watched. Not thread-safe.
 */
public final class FixedLimit implements Limit {

    private final Aimd aimd;

    public FixedLimit(int max) {
        this.aimd = new Aimd(max, max, Aimd.DECREASE, Aimd.NEAR_LAST_CUT);
    }

    @Override
    public int current() {
        return (int) aimd.limit();
    }

    @Override
    public int max() {
        return aimd.max();
    }

    @Override
    public void onSuccess(long sentNanos, long rttNanos, int inFlight) {
        if (aimd.used(inFlight)) {
            aimd.grow(false);
        }
    }

    @Override
    public void onRefusal(long sentNanos, long nowNanos) {
        aimd.cut(sentNanos, nowNanos, true);
    }

    @Override
    public void onOverload(long sentNanos, long nowNanos) {
        aimd.cut(sentNanos, nowNanos, false);
    }

    @Override
    public Level level() {
        return new Level(aimd.limit(), false);
    }

    @Override
    public void restore(Level level, long nowNanos) {
        aimd.set(level.limit());
    }
}
