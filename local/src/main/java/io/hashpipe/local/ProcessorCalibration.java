package io.hashpipe.local;

import io.hashpipe.api.BatchingProcessor;
import io.hashpipe.api.Processor;
import io.hashpipe.api.Task;
import java.util.Collections;
import java.util.List;

/**
 * Measures one task's time on one core of this machine as the workers run it, to compute the CPU-bound
 * ideal that a pipeline's wall time is compared with: a {@link BatchingProcessor} in batches of its
 * {@link BatchingProcessor#maxBatch} (bcrypt's interleaved kernel hashes three at once, so one alone would
 * understate the workers' rate and let the pipeline's efficiency exceed 1), any other one task at a time.
 */
public final class ProcessorCalibration {

    private ProcessorCalibration() {
    }

    /**
     * The mean time of one task like {@code sample}, in nanoseconds, after {@code warmNanos} of warm-up (the
     * workers' code is compiled by the time it matters), over at least three calls and {@code minNanos}.
     *
     * @throws Exception what the processor throws for {@code sample}
     */
    public static double nanosPerTask(Processor processor, Task sample, long warmNanos, long minNanos) throws Exception {
        int batch = processor instanceof BatchingProcessor batching ? Math.max(1, batching.maxBatch()) : 1;
        List<Task> tasks = Collections.nCopies(batch, sample);
        for (long warm = System.nanoTime(); System.nanoTime() - warm < warmNanos; ) {
            call(processor, tasks);
        }
        int calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            call(processor, tasks);
            calls++;
            elapsed = System.nanoTime() - start;
        } while (calls < 3 || elapsed < minNanos);
        return elapsed / (double) (calls * batch);
    }

    private static void call(Processor processor, List<Task> tasks) throws Exception {
        if (processor instanceof BatchingProcessor batching && tasks.size() > 1) {
            batching.processBatch(tasks);
        } else {
            processor.process(tasks.get(0));
        }
    }
}
