package io.hashpipe.bench;

import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.api.Task;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.hasher.processors.BcryptProcessor;
import io.hashpipe.local.ProcessorCalibration;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What {@code hashpipe replay hasher} prints: the rate of this process and of its group, the mean hash
 * time per cost, and the ratio to the single-thread bcrypt rate measured on this machine right after the
 * replay (so both figures see the same machine).
 *
 * <p>The calibration runs bcrypt, the built-in processor; a replay of another {@code --processor} reports its
 * rates and says that no single-thread rate was measured.
 *
 * <p>With mixed costs, the single-thread rate is for the same mix: this process's hash count per cost
 * times one hash's single-thread time at that cost.
 */
public final class HasherReplayReport {

    /** Calibrating one cost takes at least this long (and at least 3 hashes). */
    private static final long CALIBRATION_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The processor the calibration runs. */
    private static final String BCRYPT = "bcrypt";

    /** The bcrypt the hasher used, calibrated on one thread in its batches (three interleaved with fast). */
    private final Processor bcrypt = new BcryptProcessor();
    private final int threads;
    private final long wallNanos;
    /** CPU time this process used over the wall time (every thread), or -1 when the JVM cannot tell. */
    private final long cpuNanos;
    private final long groupDone;
    private final long processHashes;
    /** The replay's processor when it is not bcrypt (no calibration), else null. */
    private final String uncalibrated;
    /** Cost -> this process's hash timer. */
    private final Map<Integer, Timer> byCost = new TreeMap<>();

    public HasherReplayReport(int threads, long wallNanos, long cpuNanos, long groupDone, long processHashes, Collection<Timer> hashTimers,
                        String processor, boolean fastBcrypt) {
        this.cpuNanos = cpuNanos;
        this.uncalibrated = BCRYPT.equals(processor) ? null : processor;
        bcrypt.configure(new ProcessorContext("replay-calibration", 1, Map.of(HasherConfig.BCRYPT_IMPL,
                fastBcrypt ? HasherConfig.BCRYPT_FAST : HasherConfig.BCRYPT_SPRING)));
        this.threads = threads;
        this.wallNanos = wallNanos;
        this.groupDone = groupDone;
        this.processHashes = processHashes;
        for (Timer timer : hashTimers) {
            String cost = timer.getId().getTag(HasherMeters.TAG_DIFFICULTY);
            if (uncalibrated == null && cost != null && cost.matches("\\d{1,2}")) { // bcrypt's batch key; another processor's has no calibration
                byCost.put(Integer.parseInt(cost), timer);
            }
        }
    }

    /** CPU time of this process so far in nanoseconds, or -1 when the JVM cannot tell. */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    /** Measures the single-thread rate for each cost seen, then formats the report. */
    public String format() throws Exception {
        double wall = wallNanos / 1e9;
        StringBuilder s = new StringBuilder();
        s.append(String.format("  %-15s %,10d     tasks committed by this process (the group: %,d)%n", "hashed", processHashes, groupDone));
        s.append(String.format("  %-15s %,10.2f s   first hash started -> the group caught up with the end offsets%n", "wall time", wall));
        s.append(String.format("  %-15s %,10.1f /s  this process; the group: %,.1f /s%n", "hashes/s", processHashes / wall, groupDone / wall));
        if (cpuNanos >= 0) {
            s.append(String.format("  %-15s %,10.2f     cores used by this process over the wall time (the machine has %d; others take the rest)%n",
                    "cpu", cpuNanos / (double) wallNanos, Runtime.getRuntime().availableProcessors()));
        }
        double singleThreadNanos = 0;
        double singleThreadCpuNanos = 0;
        long timed = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<Integer, Timer> entry : byCost.entrySet()) {
            Timer timer = entry.getValue();
            long wallBefore = System.nanoTime();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            Task sample = Task.of("calibration", Map.of("password", "abcdefghij", "difficulty", entry.getKey()));
            double oneCore = ProcessorCalibration.nanosPerTask(bcrypt, sample, CALIBRATION_NANOS / 2, CALIBRATION_NANOS);
            // The CPU share the calibrating thread got, to count one hash's CPU time whatever else runs here.
            double share = (threads.getCurrentThreadCpuTime() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
            singleThreadNanos += timer.count() * oneCore;
            singleThreadCpuNanos += timer.count() * oneCore * share;
            timed += timer.count();
            s.append(String.format("  %-15s %,10.2f ms  mean hash time over %,d hashes; one hash on one core (in the hashers' batches): %.2f ms%n",
                    "cost " + entry.getKey(), timer.mean(TimeUnit.MILLISECONDS), timer.count(), oneCore / 1e6));
        }
        if (uncalibrated != null) {
            s.append(String.format("  %-15s %10s     not measured: the calibration runs bcrypt, this replay ran --processor %s%n",
                    "single thread", "-", uncalibrated));
        }
        if (timed > 0 && wallNanos > 0) {
            double singleRate = timed / (singleThreadNanos / 1e9);
            double ratio = (groupDone / wall) / singleRate;
            s.append(String.format("  %-15s %,10.1f /s  bcrypt on one thread, same costs, measured after the replay%n", "single thread", singleRate));
            s.append(String.format("  %-15s %,10.2f x   the group's rate / the single-thread rate (this process: %.2f with %d thread(s), %.2f per thread)%n",
                    "ratio", ratio, (processHashes / wall) / singleRate, this.threads, (processHashes / wall) / singleRate / this.threads));
            if (cpuNanos > 0 && timed == processHashes) {
                s.append(String.format("  %-15s %,10.2f     bcrypt's share of this process's CPU time (hashes x one hash's CPU time alone / CPU used):%n"
                        + "  %-15s %10s     the ratio this process reaches per thread on cores it has to itself%n", "cpu efficiency",
                        singleThreadCpuNanos / cpuNanos, "", ""));
            }
        }
        return s.toString();
    }
}
