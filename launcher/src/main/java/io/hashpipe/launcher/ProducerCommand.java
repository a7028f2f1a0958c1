package io.hashpipe.launcher;

import io.hashpipe.common.Task;
import io.hashpipe.launcher.internals.ExitCode;
import io.hashpipe.launcher.internals.Management;
import io.hashpipe.launcher.internals.ShutdownSignal;
import io.hashpipe.producer.TaskProducer;
import io.hashpipe.producer.TaskProducerConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe producer}: sends N hashing tasks and exits when all were acknowledged. */
@Command(name = "producer", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Sends N hashing tasks; exits 0 once every one was acknowledged.",
        description = {"Sends N tasks (random 10-letter passwords at a bcrypt cost) to the tasks topic with an idempotent producer"
            + " (acks=all); exits 0 only when every task was acknowledged."})
final class ProducerCommand extends ServiceCommand {

    @Override
    protected ConfigDef configDef() {
        return TaskProducerConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "producer.";
    }

    @Override
    public Integer call() {
        TaskProducerConfig config = options().build(TaskProducerConfig::new);
        try (Management management = startManagement();
             TaskProducer producer = new TaskProducer(config, management.registry());
             ShutdownSignal signal = ShutdownSignal.onSignal(producer::close)) {
            management.health().ready(); // a one-shot job: ready while it runs
            List<Task> sent = producer.produce();
            System.out.printf("sent %,d tasks%n", sent.size());
            return signal.signalled() ? signal.exitCode() : ExitCode.OK;
        }
    }
}
