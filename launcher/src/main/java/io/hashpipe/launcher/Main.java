package io.hashpipe.launcher;

import io.hashpipe.cli.EnvDefaults;
import io.hashpipe.cli.ExitCode;
import io.hashpipe.cli.HelpSections;
import io.hashpipe.cli.InvalidOptionException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/** The {@code hashpipe} command: every service and the local all-in-one run in one jar. */
@Command(name = "hashpipe", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"A Kafka-based pipelined worker system: producer -> tasks -> hashers (bcrypt or your --processor) -> hashes -> saver -> database"
            + " API.",
            "Every option also reads an environment variable: HASHPIPE_<COMMAND>_<OPTION> (HASHPIPE_DBAPI_PORT for dbapi --port,"
                + " HASHPIPE_REPLAY_SAVER_DB_URL for replay saver --db-url), else HASHPIPE_<OPTION> (HASHPIPE_PORT); a flag wins"
                + " over both. Each command's --help names its variables."},
        subcommands = {RunCommand.class, BenchCommand.class, BrokerCommand.class, DbApiCommand.class, ProducerCommand.class,
            HasherCommand.class, SaverCommand.class, ExporterCommand.class, StatusCommand.class, ProcessorsCommand.class, ReplayCommand.class, DeadLettersCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for an invalid option or environment variable. */
    static final int INVALID_OPTION = ExitCode.USAGE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line with every service's config options installed, reading defaults from {@code env}. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main());
        installOptions(cli);
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes (every command):%n").exitCodeList(ExitCode.table());
        showExitCodes(cli);
        HelpSections.install(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine));
        return cli;
    }

    /** Installs the config options of every service command and {@link ConfiguredCommand}, nested ones too ({@code replay hasher}, {@code replay saver}). */
    private static void installOptions(CommandLine parent) {
        // An alias (worker for hasher) maps a second name to the same command: install its options once.
        parent.getSubcommands().values().stream().distinct().forEach(sub -> {
            if (sub.getCommand() instanceof ConfiguredCommand configured) {
                configured.installOwnOptions(); // a replay's own options first, before its service's keys
            }
            if (sub.getCommand() instanceof ServiceCommand service) {
                service.installOptions();
            }
            installOptions(sub);
        });
    }

    /** Gives every subcommand's help the exit code table of the top command's, the one table for all. */
    private static void showExitCodes(CommandLine parent) {
        parent.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.table());
            showExitCodes(sub);
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int report(Exception e, CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandSpec().qualifiedName();
        if (e instanceof InvalidOptionException) {
            err.println(name + ": " + e.getMessage());
            err.println("See '" + name + " --help'.");
            err.flush();
            return INVALID_OPTION;
        }
        err.println(name + ": failed: " + describe(e));
        err.flush();
        return ExitCode.FAILED;
    }

    /** The exception's message and its causes', one line: what a user needs without a stack trace. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hashpipe " + (version == null ? "(development build)" : version)};
        }
    }
}
