package io.hashpipe.launcher;

import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.dbapi.DbApiServer;
import io.hashpipe.management.Management;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe dbapi}: the slow database HTTP API, storing through JDBC. */
@Command(name = "dbapi", mixinStandardHelpOptions = true, sortOptions = false,
        header = "The slow database HTTP API, on H2 or PostgreSQL.",
        description = {"Runs the database HTTP API (POST /add, POST /add/batch, GET /count, GET /results/{id}, GET /health)"
            + " with a configurable response latency, storing results in H2 (default) or PostgreSQL, until Ctrl-C."})
final class DbApiCommand extends ServiceCommand {

    /** The writers' last commits and the pool's close. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    protected ConfigDef configDef() {
        return DbApiConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "dbapi.";
    }

    @Override
    public Integer call() {
        DbApiConfig config = options().build(DbApiConfig::new);
        try (Management management = startManagement()) {
            DbApiServer server = new DbApiServer(config, management.registry());
            // The database is reachable and the table exists once start returns.
            runUntilStopped(server, management, CLOSE_TIMEOUT, () -> System.out.println("dbapi listening on port " + server.port() + " (Ctrl-C to stop)"));
        }
        return 0;
    }
}
