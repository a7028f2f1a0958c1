package io.hashpipe.saver.internals;

/**
 * The latency signal of the adaptive limit: a windowed minimum (the floor: the API's latency unloaded) and a
 * smoothed latency, which is "rising" when well above the floor.
 *
 * <p>The first {@code warmupSamples} say nothing: the first requests open connections and run on cold code
 * (JIT), and their spread would otherwise end the slow start at a handful of requests. The floor is
 * forgotten every {@code floorWindow} samples, so that it can follow a slower API. Below a millisecond,
 * scheduling noise dwarfs the API's own latency: no signal there. Not thread-safe.
 */
final class LatencyMeasurement {

    private final double smoothing;
    private final int warmupSamples;
    private final int floorWindow;
    private final double tolerance;
    private double smoothedNanos;
    private long floorNanos = Long.MAX_VALUE;
    private long nextFloorNanos = Long.MAX_VALUE;
    private int samples;

    /**
     * @param smoothing     weight of a new sample in the smoothed latency
     * @param warmupSamples samples before the latency counts
     * @param floorWindow   samples after which the floor is forgotten
     * @param tolerance     the multiple of the floor above which the smoothed latency is rising
     */
    LatencyMeasurement(double smoothing, int warmupSamples, int floorWindow, double tolerance) {
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing must be above 0 and at most 1, was " + smoothing);
        }
        if (warmupSamples < 0 || floorWindow < 1) {
            throw new IllegalArgumentException("warmupSamples must be at least 0 and floorWindow at least 1, were "
                    + warmupSamples + " and " + floorWindow);
        }
        if (!(tolerance > 1)) {
            throw new IllegalArgumentException("tolerance must be above 1, was " + tolerance);
        }
        this.smoothing = smoothing;
        this.warmupSamples = warmupSamples;
        this.floorWindow = floorWindow;
        this.tolerance = tolerance;
    }

    /** Adds one round trip; true when the smoothed latency is now far above the floor. */
    boolean add(long rttNanos) {
        floorNanos = Math.min(floorNanos, rttNanos);
        nextFloorNanos = Math.min(nextFloorNanos, rttNanos);
        if (++samples % floorWindow == 0) {
            floorNanos = nextFloorNanos;
            nextFloorNanos = Long.MAX_VALUE;
        }
        smoothedNanos = smoothedNanos == 0 ? rttNanos : smoothedNanos + smoothing * (rttNanos - smoothedNanos);
        return samples > warmupSamples && smoothedNanos > 1_000_000 && smoothedNanos > tolerance * Math.max(floorNanos, 1_000_000);
    }

    /** Forgets every sample: the next ones are a warm-up again. */
    void reset() {
        smoothedNanos = 0;
        samples = 0;
        floorNanos = Long.MAX_VALUE;
        nextFloorNanos = Long.MAX_VALUE;
    }
}
