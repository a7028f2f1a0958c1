package io.hashpipe.bench;

import io.hashpipe.broker.EmbeddedBroker;
import io.hashpipe.broker.EmbeddedBrokerConfig;
import io.hashpipe.common.Task;
import io.hashpipe.local.HashVerifier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Runs every strategy of a {@link BenchPlan} at every cost, one at a time, each against a fresh database (or
 * its own id namespace in an existing one), and collects the measurements.
 *
 * <p>The strategies run one after the other, never together, so that each has the machine to itself. One
 * embedded Kafka broker serves every pipeline run, each in its own topics and groups.
 */
public final class BenchRunner {

    private final BenchPlan plan;
    private final PythonAsync python;
    private final PrintWriter err;
    private final boolean terminal;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    /**
     * A runner of {@code plan}.
     *
     * @param python the interpreter of {@link Strategy#PYTHON_ASYNC} ({@link PythonAsync#find}); null when the
     *               plan does not run it
     */
    public BenchRunner(BenchPlan plan, PythonAsync python, PrintWriter err, boolean terminal) {
        if (plan.strategies().contains(Strategy.PYTHON_ASYNC) && python == null) {
            throw new IllegalArgumentException("the plan runs python-async but no interpreter was found for it");
        }
        this.plan = plan;
        this.python = python;
        this.err = err;
        this.terminal = terminal;
    }


    /**
     * Runs the plan.
     *
     * @throws IllegalStateException when a strategy could not store or verify every result
     */
    public List<Measurement> run() throws InterruptedException {
        List<Measurement> measurements = new ArrayList<>();
        EmbeddedBroker broker = plan.needsBroker() ? new EmbeddedBroker(new EmbeddedBrokerConfig(Map.of(
                EmbeddedBrokerConfig.PORT, "0", EmbeddedBrokerConfig.DATA_DIR, ""))) : null;
        if (broker != null) {
            broker.start();
        }
        try {
            PipelineStrategy pipeline = broker == null ? null
                    : new PipelineStrategy(broker.bootstrapServers(), plan.hashers(), plan.threadsPerHasher());
            if (pipeline != null && plan.warmupTasks() > 0) {
                warmUp(pipeline);
            }
            for (int i = 0; i < plan.costs().size(); i++) {
                int cost = plan.costs().get(i);
                List<Task> tasks = TaskSet.of(cost, plan.tasks().get(i), plan.reuseTasks() ? plan.out().resolve("tasks") : null);
                for (Strategy strategy : plan.strategies()) {
                    Measurement m = strategy.isPipeline() ? runPipeline(pipeline, strategy, tasks)
                            : strategy == Strategy.PYTHON_ASYNC ? runPython(tasks) : runClassic(strategy, tasks);
                    measurements.add(m);
                    if (!m.ok()) {
                        throw new IllegalStateException(strategy.flag() + " at cost " + cost + " stored " + m.stored()
                                + " and verified " + m.verified() + " of " + m.tasks() + " results");
                    }
                }
            }
            return measurements;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /**
     * One untimed pipeline run at cost 4: the first run in a JVM otherwise pays for compiling the broker's,
     * the clients' and Netty's code, which the one-thread strategies never run.
     */
    private void warmUp(PipelineStrategy pipeline) throws InterruptedException {
        List<Task> plain = TaskSet.of(4, plan.warmupTasks(), null);
        String namespace = "bench-" + runId + "-warmup";
        err.printf("  %-24s %d tasks at cost 4 through the pipeline, not timed (--warmup-tasks)%n", "warm-up", plain.size());
        err.flush();
        Measurement m = pipeline.run(Strategy.PIPELINE, TaskSet.inNamespace(plain, namespace), namespace, plan.dbLatencyMs(),
                dbSettings(), plan.dbUrl(), (total, hashed, stored) -> new BenchProgress("warm-up", total, hashed, stored, err, terminal));
        if (!m.ok()) {
            throw new IllegalStateException("the warm-up stored " + m.stored() + " and verified " + m.verified() + " of " + m.tasks() + " results");
        }
    }

    private Measurement runClassic(Strategy strategy, List<Task> plain) throws InterruptedException {
        List<Task> tasks = TaskSet.inNamespace(plain, namespace(strategy, plain));
        ClassicStrategies classic = new ClassicStrategies();
        try (BenchDatabase db = strategy == Strategy.CPU ? null : database()) {
            DbClient client = db == null ? null : new DbClient(db.uri());
            BenchProgress progress = new BenchProgress(label(strategy, plain), tasks.size(), classic.hashed::get,
                    client == null ? classic.hashed::get : client.stored::get, err, terminal);
            long start = System.nanoTime();
            Map<String, String> hashes;
            try {
                hashes = classic.run(strategy, tasks, client);
            } catch (RuntimeException e) {
                progress.finish("FAILED");
                throw e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.finish("verifying...");
            Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
            if (db == null) {
                long verified = hashes.entrySet().parallelStream()
                        .filter(e -> BCrypt.checkpw(byId.get(e.getKey()).password(), e.getValue())).count();
                return new Measurement(strategy, plain.get(0).difficulty(), tasks.size(), seconds, hashes.size(), verified, 0);
            }
            HashVerifier.Report report = HashVerifier.verify(byId, db.results(byId.keySet()));
            return new Measurement(strategy, plain.get(0).difficulty(), tasks.size(), seconds,
                    Math.min(report.stored(), client.stored.get()), report.verified(), client.retries.get());
        }
    }

    private Measurement runPython(List<Task> plain) throws InterruptedException {
        List<Task> tasks = TaskSet.inNamespace(plain, namespace(Strategy.PYTHON_ASYNC, plain));
        try (BenchDatabase db = database()) {
            BenchProgress progress = new BenchProgress(label(Strategy.PYTHON_ASYNC, plain), tasks.size(), python.hashed::get,
                    python.stored::get, err, terminal);
            PythonAsync.Outcome outcome;
            try {
                outcome = python.run(tasks, db.uri());
            } catch (RuntimeException e) {
                progress.finish("FAILED");
                throw e;
            }
            progress.finish("verifying...");
            Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
            HashVerifier.Report report = HashVerifier.verify(byId, db.results(byId.keySet()));
            return new Measurement(Strategy.PYTHON_ASYNC, plain.get(0).difficulty(), tasks.size(), outcome.seconds(),
                    Math.min(report.stored(), outcome.stored()), report.verified(), outcome.retries());
        }
    }

    private Measurement runPipeline(PipelineStrategy pipeline, Strategy strategy, List<Task> plain) throws InterruptedException {
        String namespace = namespace(strategy, plain);
        List<Task> tasks = TaskSet.inNamespace(plain, namespace);
        err.printf("  %-24s starting hashpipe (%d hasher(s) x %d thread(s), saver %d in flight, %d result(s) per request)...%n",
                label(strategy, plain), plan.hashers(), plan.threadsPerHasher(), PipelineStrategy.MAX_IN_FLIGHT,
                strategy == Strategy.PIPELINE_BULK ? PipelineStrategy.BULK_BATCH_SIZE : 1);
        err.flush();
        return pipeline.run(strategy, tasks, namespace, plan.dbLatencyMs(), dbSettings(), plan.dbUrl(),
                (total, hashed, stored) -> new BenchProgress(label(strategy, plain), total, hashed, stored, err, terminal));
    }

    private BenchDatabase database() {
        return plan.dbUrl() != null ? BenchDatabase.existing(plan.dbUrl()) : BenchDatabase.startLocal(dbSettings());
    }

    private Map<String, String> dbSettings() {
        return BenchDatabase.settings(plan.dbLatencyMs(), plan.dbMaxConcurrency(), plan.dbMaxRps());
    }

    /** Topics, groups and id prefix of one run: unique per bench run, strategy and cost. */
    private String namespace(Strategy strategy, List<Task> tasks) {
        return "bench-" + runId + "-" + strategy.flag() + "-c" + tasks.get(0).difficulty();
    }

    private static String label(Strategy strategy, List<Task> tasks) {
        return String.format("cost %2d  %s", tasks.get(0).difficulty(), strategy.flag());
    }
}
