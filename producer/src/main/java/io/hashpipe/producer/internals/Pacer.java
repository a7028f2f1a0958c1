package io.hashpipe.producer.internals;

import java.util.concurrent.TimeUnit;

/**
 * Spaces sends evenly at a rate: the {@code i}-th send is due {@code i / rate} seconds after the start, so
 * that a slow send is made up by the next ones instead of lowering the rate.
 *
 * <p>{@link #stop()} from another thread wakes a waiting sender at once.
 */
public final class Pacer {

    /** Nanoseconds between two sends; 0 for unpaced. */
    private final double intervalNanos;
    /** When send 0 was made, in {@link System#nanoTime()} terms; set by the first {@link #awaitTurn}. */
    private long startNanos;
    private final Object lock = new Object();
    /** Set once by {@link #stop()}; guarded by {@link #lock}. */
    private boolean stopped;

    /** @param rate sends per second; 0 for as fast as possible */
    public Pacer(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, was " + rate);
        }
        this.intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
    }

    /**
     * Waits until send {@code index} is due; send 0 is due at once and sets the start.
     *
     * @return false when {@link #stop()} was called first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitTurn(long index) throws InterruptedException {
        synchronized (lock) {
            if (index == 0) {
                startNanos = System.nanoTime();
            }
            long due = startNanos + (long) (index * intervalNanos);
            while (!stopped) {
                long waitNanos = due - System.nanoTime();
                if (intervalNanos == 0 || waitNanos <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
            }
            return false;
        }
    }

    /** Makes every current and later {@link #awaitTurn(long)} return false. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        synchronized (lock) {
            return stopped;
        }
    }
}
