package io.hashpipe.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code hashpipe bench} runs.
 *
 * @param costs            bcrypt costs, one table row each
 * @param tasks            tasks per cost, in the order of {@code costs}
 * @param strategies       strategies run at every cost, in this order
 * @param dbLatencyMs      the database API's latency
 * @param dbMaxConcurrency writes in progress beyond which the database answers 503 (the classic database: 100)
 * @param dbMaxRps         writes per second beyond which the database answers 429; 0 = unbounded
 * @param dbUrl            an existing database API, or null for one started by the bench per run
 * @param hashers          hasher instances of the pipeline
 * @param threadsPerHasher worker threads per hasher
 * @param out              where the report, the chart and recorded tasks go
 * @param reuseTasks       whether tasks are recorded under {@code out/tasks} and reused by later runs
 * @param warmupTasks      tasks at cost 4 sent through the pipeline once, untimed, before the first measured
 *                         run, so that the JIT has compiled Kafka's and Netty's code; 0 for none
 */
public record BenchPlan(List<Integer> costs, List<Integer> tasks, List<Strategy> strategies, long dbLatencyMs,
                        int dbMaxConcurrency, int dbMaxRps, URI dbUrl, int hashers, int threadsPerHasher, Path out,
                        boolean reuseTasks, int warmupTasks) {

    public BenchPlan {
        if (costs.size() != tasks.size()) {
            throw new IllegalArgumentException("one task count per cost: " + costs + " and " + tasks);
        }
        costs = List.copyOf(costs);
        tasks = List.copyOf(tasks);
        strategies = List.copyOf(strategies);
    }

    /** This plan with other strategies. */
    public BenchPlan withStrategies(List<Strategy> others) {
        return new BenchPlan(costs, tasks, others, dbLatencyMs, dbMaxConcurrency, dbMaxRps, dbUrl, hashers, threadsPerHasher, out,
                reuseTasks, warmupTasks);
    }

    /** Whether any strategy runs hashpipe (and so needs a broker). */
    public boolean needsBroker() {
        return strategies.stream().anyMatch(Strategy::isPipeline);
    }
}
