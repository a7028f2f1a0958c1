package io.hashpipe.launcher;

import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.hashpipe.saver.SaverMeters;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe saver}: stores results through the database API with many async requests. */
@Command(name = "saver", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Stores results through the database API (or your own) with many requests at once.",
        description = {"Consumes results (read_committed) and POSTs them to the database API (--db-url: hashpipe's dbapi or your own)"
            + " with up to --max-in-flight requests at once; commits an offset only after every result before it was stored."
            + " While the API is down or refuses the configuration, results wait (not ready), none is dead-lettered. Runs"
            + " until Ctrl-C."})
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
    protected Set<String> repeatableKeys() {
        return SaverConfig.REPEATABLE_KEYS;
    }

    @Override
    public Integer call() {
        SaverConfig config = options().build(SaverConfig::new);
        runConsumerService(registry -> new Saver(config, registry), Saver::closeTimeout, SaverMeters.STORED, "stored");
        return 0;
    }
}
