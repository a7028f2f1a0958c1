package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.local.LocalPipeline;
import io.hashpipe.local.RunConfig;
import io.hashpipe.local.RunWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code hashpipe run}'s flags, defaults and environment variables as the command line reads them into {@link
 * RunConfig}, and a bad value stopping the run with exit code 2 and a message naming the option and its rule.
 * (Whole runs are {@code MainTest}'s.)
 */
class RunCommandTest {

    private static RunConfig parse(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        cli.parseArgs(all);
        RunCommand run = cli.getSubcommands().get("run").getCommand();
        return run.config();
    }

    @Test
    void withoutFlagsTheRunHasItsDocumentedDefaults() {
        RunConfig config = parse(Map.of());
        LocalPipeline.Settings settings = config.pipelineSettings(8);

        assertEquals(List.of(600, 8, 1, 8), List.of(config.tasks(), config.difficulty(), config.hashers(), settings.threadsPerHasher()),
                "the cores shared");
        assertEquals(0.0, config.rate());
        assertEquals(List.of(100L, 0L), List.of(config.dbLatencyMs(), config.timeoutSeconds()));
        assertEquals(List.of(100, 1), List.of(settings.maxInFlight(), settings.batchSize()));
        assertEquals(HasherConfig.GROUP_TYPE_CONSUMER, settings.groupType());
        assertNull(settings.dataDir());
        assertEquals("AUTO", config.progress());
        assertEquals(new RunWorkload("bcrypt", 8, List.of()), config.workload());
        assertEquals(Map.of(HasherConfig.PROCESSOR, "bcrypt", HasherConfig.PLUGIN_PATH, "", HasherConfig.PROCESSOR_SETTING, ""),
                config.hasherSettings());
        assertEquals(List.of("", ""), List.of(config.from(), config.idField()), "generated tasks, generated ids");
    }

    @Test
    void fromAndIdFieldReachTheConfigFromTheCommandLineAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.jsonl"), "{\"key\": \"a\", \"password\": \"p\"}\n");

        RunConfig flags = parse(Map.of(), "--from", file.toString(), "--id-field", "key");
        assertEquals(List.of(file.toString(), "key"), List.of(flags.from(), flags.idField()));
        assertEquals(new RunWorkload("bcrypt", 8, List.of(), file.toString()), flags.workload());

        RunConfig env = parse(Map.of("HASHPIPE_RUN_FROM", file.toString(), "HASHPIPE_ID_FIELD", "key"));
        assertEquals(List.of(file.toString(), "key"), List.of(env.from(), env.idField()));
        assertEquals("-", parse(Map.of("HASHPIPE_FROM", "-")).from(), "stdin, through the shorter variable");
        assertEquals("stdin", parse(Map.of(), "--from", "-").workload().source());
    }

    @ParameterizedTest
    @CsvSource({"--tasks, 20", "--difficulty, 6"})
    void fromWithAGeneratedTasksFlagIsABadOptionNamingBoth(String flag, String value, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.jsonl"), "{\"password\": \"p\"}\n");

        CliRun outcome = CliRun.execute("run", "--from", file.toString(), flag, value);

        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome::err);
        assertEquals("hashpipe run: --from and " + flag + " do not go together: with --from the tasks are the lines of " + file
                + "; " + flag + " is for the tasks run generates. Drop one of them.\nSee 'hashpipe run --help'.\n", outcome.err());
    }

    @Test
    void theHelpSaysWhichFlagsAreForGeneratedTasks() {
        String help = CliRun.execute("run", "--help").out().replaceAll("\\s+", " ");

        assertTrue(help.contains("--tasks=<n> Tasks to generate and send; not with --from, whose lines are the tasks."), help);
        assertTrue(help.contains("--difficulty=<n> bcrypt cost of every generated task, 4 to 20 (each step doubles the work); not"
                + " with --from."), help);
        assertTrue(help.contains("--from=<file> A file of JSON lines, one task's input per line (the processor's own tasks), or -"
                + " for stdin; empty generates --tasks bcrypt-shaped tasks (password, difficulty)."), help);
    }

    @Test
    void everyFlagAndEnvironmentVariableReachesTheConfig() {
        RunConfig config = parse(Map.of("HASHPIPE_RUN_THREADS", "3", "HASHPIPE_TIMEOUT_S", "60", "HASHPIPE_PROGRESS", "Lines"),
                "--tasks", "7", "--difficulty", "5", "--rate", "2.5", "--hashers", "2", "--group-type", "share",
                "--db-latency-ms", "9", "--max-in-flight", "4", "--batch-size", "10", "--data-dir", "elsewhere",
                "--processor", "pbkdf2", "--plugin-path", "", "--processor-setting", "pbkdf2.iterations=2000",
                "--processor-setting", "other=1");
        LocalPipeline.Settings settings = config.pipelineSettings(16);

        assertEquals(List.of(7, 5, 2, 3), List.of(config.tasks(), config.difficulty(), config.hashers(), settings.threadsPerHasher()));
        assertEquals(2.5, config.rate());
        assertTrue(config.shareGroup());
        assertEquals(HasherConfig.GROUP_TYPE_SHARE, settings.groupType());
        assertEquals(List.of(9L, 60L), List.of(config.dbLatencyMs(), config.timeoutSeconds()));
        assertEquals(List.of(4, 10), List.of(settings.maxInFlight(), settings.batchSize()));
        assertEquals(Path.of("elsewhere"), settings.dataDir());
        assertEquals("LINES", config.progress());
        assertEquals("pbkdf2", config.processor().name());
        assertEquals("pbkdf2.iterations=2000\nother=1", config.hasherSettings().get(HasherConfig.PROCESSOR_SETTING), "repeatable");
    }

    /** Every flag in its place in the help, with its label, its default (none shown when empty) and both variables. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--tasks=<n>                       ; 600",
        "--difficulty=<n>                  ; 8",
        "--rate=<x>                        ; 0.0",
        "--hashers=<n>                     ; 1",
        "--threads=<n>                     ; 0",
        "--group-type=<consumer|share>     ; consumer",
        "--db-latency-ms=<n>               ; 100",
        "--max-in-flight=<n>               ; 100",
        "--batch-size=<n>                  ; 1",
        "--data-dir=<text>                 ; ",
        "--processor=<text>                ; bcrypt",
        "--plugin-path=<text>              ; ",
        "--processor-setting=<key=value>   ; ",
        "--timeout-s=<n>                   ; 0",
        "--progress=<auto|terminal|lines>  ; auto",
        "--from=<file>                     ; ",
        "--id-field=<text>                 ; ",
    })
    void theHelpShowsEveryFlagWithItsDefaultAndVariables(String flag, String fallback) {
        String help = CliRun.execute("run", "--help").out();
        int at = help.indexOf(flag);
        assertTrue(at > 0, () -> flag + " in\n" + help);
        Matcher next = Pattern.compile("\n {0,8}-").matcher(help); // the next option's row, not a wrapped line
        String entry = help.substring(at, next.find(at) ? next.start() : help.length()).replaceAll("\\s+", " ");
        String env = flag.substring(2, flag.indexOf('=')).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        assertTrue(entry.contains("Env: HASHPIPE_RUN_" + env + " or HASHPIPE_" + env + "."), entry);
        if (fallback == null) {
            assertFalse(entry.contains("Default:"), entry);
        } else {
            assertTrue(entry.contains(" Default: " + fallback + " Env: "), entry);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--tasks 0                    | --tasks             | must be at least 1",
        "--tasks many                 | --tasks             | Not a number of type INT",
        "--difficulty 21              | --difficulty        | must be between 4 and 20, the hashers' max.difficulty",
        "--rate=-1                    | --rate              | must be at least 0",
        "--hashers 0                  | --hashers           | must be at least 1",
        "--threads=-1                 | --threads           | must be at least 0",
        "--group-type classic         | --group-type        | must be consumer or share",
        "--db-latency-ms=-1           | --db-latency-ms     | must be at least 0",
        "--max-in-flight 0            | --max-in-flight     | must be at least 1",
        "--batch-size 0               | --batch-size        | must be at least 1",
        "--timeout-s=-1               | --timeout-s         | must be at least 0",
        "--progress sometimes         | --progress          | String must be one of (case insensitive): AUTO, TERMINAL, LINES",
        "--processor Not_A_Name       | --processor         | Value must be a processor's name",
        "--processor-setting novalue  | --processor-setting | Each setting must be key=value",
        "--from no-such-file.jsonl    | --from              | not a readable file; give a file of JSON lines, or - for stdin",
    })
    void aBadValueStopsTheRunBeforeItStartsNamingTheOptionAndTheRule(String args, String option, String rule) {
        String[] all = ("run " + args).split(" ");
        CliRun outcome = CliRun.execute(all);

        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome::err);
        String env = option.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        assertTrue(outcome.err().contains(" for option " + option + " (env HASHPIPE_RUN_" + env + " or HASHPIPE_" + env + "): " + rule),
                outcome::err);
        assertTrue(outcome.err().endsWith("See 'hashpipe run --help'.\n"), outcome::err);
    }

    @Test
    void aBadCostIsSaidAsItAlwaysWas() {
        CliRun outcome = CliRun.execute("run", "--difficulty", "3");

        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome::err);
        assertEquals("hashpipe run: Invalid value 3 for option --difficulty (env HASHPIPE_RUN_DIFFICULTY or HASHPIPE_DIFFICULTY):"
                + " must be between 4 and 20, the hashers' max.difficulty (about a minute per hash); beyond it, run the services"
                + " with --max-difficulty\nSee 'hashpipe run --help'.\n", outcome.err());
    }
}
