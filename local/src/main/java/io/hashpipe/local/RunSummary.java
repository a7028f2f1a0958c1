package io.hashpipe.local;

import io.hashpipe.common.MeterReadings;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.producer.ProducerMeters;
import io.hashpipe.saver.SaverMeters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The closing report of {@code hashpipe run}: what each stage did, what the database holds, and the wall
 * time beside the CPU-bound ideal (N x one task's time on one core / cores).
 *
 * @param workload     what each task asks of the processor (bcrypt: its cost), for the header and the verified line
 * @param nanosPerHash one task (bcrypt: a hash at the run's cost) on one core, measured before the run
 * @param skippedLines the bad lines of the tasks' file, not sent (0 for generated tasks)
 */
public record RunSummary(int tasks, RunWorkload workload, int hashers, int threadsPerHasher, long dbLatencyMs, int cores,
                         MeterRegistry registry, HashVerifier.Report report, long wallNanos, double nanosPerHash, long skippedLines) {

    /** The summary of generated tasks. */
    public RunSummary(int tasks, RunWorkload workload, int hashers, int threadsPerHasher, long dbLatencyMs, int cores,
                      MeterRegistry registry, HashVerifier.Report report, long wallNanos, double nanosPerHash) {
        this(tasks, workload, hashers, threadsPerHasher, dbLatencyMs, cores, registry, report, wallNanos, nanosPerHash, 0);
    }

    /** The CPU-bound ideal in seconds: every hash spread perfectly over every core, no I/O wait. */
    public double idealSeconds() {
        return tasks * nanosPerHash / cores / 1e9;
    }

    /** The summary as printed. */
    public String format() {
        double wall = wallNanos / 1e9;
        long duplicateAnswers = MeterReadings.count(registry, SaverMeters.STORED, SaverMeters.TAG_OUTCOME, SaverMeters.OUTCOME_DUPLICATE);
        StringBuilder s = new StringBuilder();
        s.append(String.format("%nhashpipe run: %,d tasks %s, %d hasher(s) x %d thread(s) on %d cores, database latency %d ms%n",
                tasks, workload.ofTasks(), hashers, threadsPerHasher, cores, dbLatencyMs));
        line(s, "produced", MeterReadings.count(registry, ProducerMeters.TASKS_SENT), "tasks acknowledged by Kafka");
        if (workload.fromFile()) {
            line(s, "skipped", skippedLines, "bad lines of " + workload.source() + ", not sent");
        }
        line(s, "hashed", MeterReadings.count(registry, HasherMeters.HASHES), "results committed by the hashers");
        line(s, "stored", report.stored(), "rows in the database");
        if (report.notChecked()) {
            s.append(String.format("  %-13s %10s     %s%n", "verified", "-", "not verified (the processor has no check)"));
        } else {
            line(s, "verified", report.verified(), workload.verifiedBy());
        }
        line(s, "missing", report.missing(), "tasks with no row");
        line(s, "duplicates", report.duplicates(), "rows stored twice (" + duplicateAnswers + " re-deliveries answered stored:false)");
        line(s, "dead letters", MeterReadings.count(registry, HasherMeters.DEAD_LETTERS)
                + MeterReadings.count(registry, SaverMeters.DEAD_LETTERS), "records sent to the DLQ topics");
        s.append(String.format("  %-13s %,10.2f s   first task sent -> last result stored%n", "wall time", wall));
        s.append(String.format("  %-13s %,10.1f /s  results stored per second%n", "throughput", tasks / wall));
        s.append(String.format("  %-13s %,10.2f s   = %,d x %.1f ms (one %s, one core) / %d cores; efficiency %.2f%n",
                "CPU ideal", idealSeconds(), tasks, nanosPerHash / 1e6, workload.unit(), cores, idealSeconds() / wall));
        if (!report.badHashes().isEmpty()) {
            s.append("  hashes that do not verify, e.g.: ").append(report.badHashes()).append('\n');
        }
        s.append(report.allVerified(tasks) && skippedLines > 0
                ? String.format("SKIPPED: %,d bad line(s) of %s not sent (listed above); the %,d tasks sent were stored once%s%n",
                        skippedLines, workload.source(), tasks, report.unchecked() > 0 ? " (not verified: the processor has no check)" : " and verified")
                : report.allVerified(tasks)
                ? report.unchecked() > 0 ? String.format("OK: all %,d tasks stored once; not verified (the processor has no check)%n", tasks)
                : String.format("OK: all %,d tasks stored once and verified%n", tasks)
                : String.format("FAILED: %,d of %,d tasks stored and verified%n", report.verified(), tasks));
        return s.toString();
    }

    private static void line(StringBuilder s, String what, long count, String meaning) {
        s.append(String.format("  %-13s %,10d     %s%n", what, count, meaning));
    }
}
