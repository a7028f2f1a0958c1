package io.hashpipe.launcher;

import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe saver}: stores results through the database API with many async requests. */
@Command(name = "saver", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Consumes results (read_committed) and POSTs them to the database API with up to --max-in-flight",
            "requests at once; commits an offset only after every result before it was stored. Runs until Ctrl-C."})
final class SaverCommand extends ServiceCommand {

    @Override
    protected ConfigDef configDef() {
        return SaverConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "saver.";
    }

    @Override
    public Integer call() {
        SaverConfig config = options().build(SaverConfig::new);
        runConsumerService(registry -> {
            Saver saver = new Saver(config, registry);
            return ConsumerService.of(saver::run, saver::close);
        }, Saver.STORED_METRIC, "stored");
        return 0;
    }
}
