package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One invocation of the {@code hashpipe} command line in the test's JVM: its exit code and what it printed.
 *
 * @param exitCode what {@code main} would exit with
 * @param out      standard output (tables, summaries)
 * @param err      standard error (progress, errors)
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} with {@code env} as the environment the options read their defaults from. */
    static CliRun execute(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code args} with an empty environment. */
    static CliRun execute(String... args) {
        return execute(Map.of(), args);
    }

    /** The number on a summary line {@code "  <label>   1,234 ..."}; fails the test when there is none. */
    long reported(String label) {
        Matcher m = Pattern.compile("^  " + label + " +([\\d,]+) ", Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), () -> label + " in\n" + out + err);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
