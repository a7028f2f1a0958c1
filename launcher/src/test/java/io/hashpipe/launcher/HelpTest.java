package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Help that reads well: whole sentences, one synopsis style, options in sections, a version. */
class HelpTest {

    /** Every command and subcommand, {@code hashpipe} itself too. */
    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(Map.of()), all);
        return all;
    }

    private static void collect(CommandLine cli, List<CommandLine> all) {
        all.add(cli);
        cli.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }

    @Test
    void everyDescriptionLineIsAWholeSentenceOrAListItem() {
        for (CommandLine cli : everyCommand()) {
            String name = cli.getCommandSpec().qualifiedName();
            String[] lines = cli.getCommandSpec().usageMessage().description();
            for (String line : lines) {
                assertTrue(line.startsWith("  ") || line.replace("%n", "").matches("(?s).*[.:)]$"), () -> name + ": a line cut mid-sentence: " + line);
            }
        }
    }

    @Test
    void theCommandListShowsWholeSummaries() {
        for (CommandLine cli : everyCommand()) {
            if (cli.getCommandSpec().parent() != null && !"help".equals(cli.getCommandName())) {
                String[] header = cli.getCommandSpec().usageMessage().header();
                assertEquals(1, header.length, cli.getCommandSpec().qualifiedName());
                assertTrue(header[0].endsWith("."), () -> cli.getCommandSpec().qualifiedName() + ": " + header[0]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "bench", "broker", "dbapi", "producer", "hasher", "saver", "exporter", "replay hasher",
        "replay saver", "dead-letters list", "dead-letters redrive"})
    void everyCommandHasTheSameSynopsisStyle(String command) {
        CliRun outcome = CliRun.execute((command + " --help").split(" "));
        assertTrue(outcome.out().contains("Usage: hashpipe " + command + " [OPTIONS]\n"), outcome.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"producer", "hasher", "saver", "replay saver"})
    void kafkaOptionsHaveTheirOwnSection(String command) {
        String out = CliRun.execute((command + " --help").split(" ")).out();
        int kafka = out.indexOf("\nKafka:\n");
        int topics = out.indexOf("\nTopics:\n");
        assertTrue(kafka > 0 && topics > kafka, out);
        int bootstrap = out.indexOf("--bootstrap-servers=");
        assertTrue(bootstrap > kafka && bootstrap < topics, out);
        assertTrue(out.indexOf("--tasks-topic=") > topics || out.indexOf("--results-topic=") > topics, out);
        assertTrue(out.indexOf("--help") > out.indexOf("\nHelp:\n"), out);
    }

    @Test
    void theSaversOwnOptionsComeFirstInTheirSection() {
        String out = CliRun.execute("saver", "--help").out();
        int own = out.indexOf("\nSaver (the API and its requests):\n");
        assertTrue(own > 0 && own < out.indexOf("\nKafka:\n") && out.indexOf("--db-url=") > own, out);
        assertTrue(out.indexOf("--management-port=") > out.indexOf("\nManagement endpoint:\n"), out);
    }

    @Test
    void replaySaverShowsItsFreshGroupAsTheDefault() {
        String out = CliRun.execute("replay", "saver", "--help").out();
        assertTrue(out.matches("(?s).*--group=<text>.*Default: hashpipe-replay-saver-[0-9a-f]{8}.*"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-V", "--version"})
    void versionPrintsTheVersion(String flag) {
        CliRun outcome = CliRun.execute(flag);
        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.out().startsWith("hashpipe "), outcome.out());
    }
}
