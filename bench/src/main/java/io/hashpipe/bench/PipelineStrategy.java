package io.hashpipe.bench;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.MeterReadings;
import io.hashpipe.common.Task;
import io.hashpipe.dbapi.ResultStore;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.local.HashVerifier;
import io.hashpipe.local.LocalPipeline;
import io.hashpipe.producer.TaskProducerConfig;
import io.hashpipe.saver.SaverMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code pipeline} strategies: hashpipe itself ({@link LocalPipeline}: hashers and the saver over a
 * Kafka broker shared by the whole bench, in fresh topics and groups), timed from the first task sent to
 * the last result stored, then every stored hash verified.
 *
 * <p>The bench sends the tasks itself (an idempotent producer, acks=all, like hashpipe's producer) so that
 * the pipeline hashes exactly the tasks the classic strategies hashed.
 */
final class PipelineStrategy {

    /** Results per request of {@link Strategy#PIPELINE_BULK}. */
    static final int BULK_BATCH_SIZE = 100;
    /** Requests the saver keeps in flight: the classic database's concurrency limit. */
    static final int MAX_IN_FLIGHT = 100;
    private static final long POLL_MILLIS = 20;

    private final String bootstrapServers;
    private final int hashers;
    private final int threadsPerHasher;

    PipelineStrategy(String bootstrapServers, int hashers, int threadsPerHasher) {
        this.bootstrapServers = bootstrapServers;
        this.hashers = hashers;
        this.threadsPerHasher = threadsPerHasher;
    }

    /**
     * Runs hashpipe over {@code tasks} (ids already in {@code namespace}) against a fresh local database API
     * with {@code dbSettings}, or against {@code externalDb} when not null.
     */
    Measurement run(Strategy strategy, List<Task> tasks, String namespace, long latencyMs, Map<String, String> dbSettings,
                    URI externalDb, ProgressFactory progressFactory) throws InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        int batchSize = strategy == Strategy.PIPELINE_BULK ? BULK_BATCH_SIZE : 1;
        LocalPipeline.Settings settings = new LocalPipeline.Settings(bootstrapServers, null, null, namespace, hashers,
                threadsPerHasher, latencyMs, MAX_IN_FLIGHT, batchSize);
        try (LocalPipeline pipeline = LocalPipeline.start(settings, registry, dbSettings, externalDb);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(settings.tasksTopic()),
                     new StringSerializer(), new ByteArraySerializer())) {
            BenchDatabase db = externalDb == null ? null : BenchDatabase.existing(externalDb);
            ResultStore store = db == null ? pipeline.dbApi().store() : db.results(tasks.stream().map(Task::id).toList());
            // The saver's count of acknowledged writes: a remote database cannot be counted per run.
            LocalPipeline running = pipeline;
            LongSupplier stored = db == null ? () -> running.dbApi().store().count()
                    : () -> MeterReadings.count(registry, SaverMeters.STORED);
            LongSupplier hashed = () -> MeterReadings.count(registry, HasherMeters.HASHES);
            BenchProgress progress = progressFactory.start(tasks.size(), hashed, stored);
            long start = System.nanoTime();
            for (Task task : tasks) {
                producer.send(new ProducerRecord<>(settings.tasksTopic(), task.id(), Json.toBytes(task)));
            }
            producer.flush();
            while (stored.getAsLong() < tasks.size()) {
                if (pipeline.failure().isPresent()) {
                    progress.finish("FAILED");
                    throw new IllegalStateException("a pipeline stage stopped: " + pipeline.failure().get(), pipeline.failure().get());
                }
                Thread.sleep(POLL_MILLIS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.finish("verifying...");
            Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
            HashVerifier.Report report = HashVerifier.verify(byId, store);
            long retries = MeterReadings.count(registry, SaverMeters.RETRIES);
            return new Measurement(strategy, tasks.get(0).difficulty(), tasks.size(), seconds, report.stored(),
                    report.verified(), retries);
        }
    }

    private Map<String, Object> producerProperties(String topic) {
        TaskProducerConfig config = new TaskProducerConfig(Map.of(CommonConfigs.BOOTSTRAP_SERVERS, bootstrapServers,
                CommonConfigs.TASKS_TOPIC, topic));
        return KafkaClients.producer(config, "hashpipe-bench-producer");
    }

    /** Starts the progress bar of a run once the pipeline is up (so that start-up is not in the bar). */
    interface ProgressFactory {
        BenchProgress start(int total, LongSupplier hashed, LongSupplier stored);
    }
}
