package io.hashpipe.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The same help layout for every command: a one-line synopsis ({@code [OPTIONS]}), the text wrapped to the
 * terminal, and the options in sections: the command's own first (its work; the saver's API and requests),
 * then Kafka, topics, the management endpoint and help. Flags are sorted into sections by name, so that a
 * flag spelled the same everywhere sits in the same section everywhere.
 */
public final class HelpSections {

    private static final Set<String> KAFKA = Set.of("--bootstrap-servers", "--kafka-config", "--producer-property",
            "--consumer-property", "--group", "--group-type", "--instance", "--transactional-id", "--from-beginning");
    private static final Set<String> TOPICS = Set.of("--tasks-topic", "--results-topic", "--partitions", "--dead-letters-topic",
            "--topic", "--from", "--to");
    private static final Set<String> MANAGEMENT = Set.of("--management-port", "--management-bind-address");
    private static final Set<String> HELP = Set.of("--help", "--version");

    private HelpSections() {
    }

    /** Lays out the help of {@code cli} and of every subcommand under it. */
    public static void install(CommandLine cli) {
        cli.setUsageHelpAutoWidth(true);
        apply(cli);
    }

    private static void apply(CommandLine cli) {
        cli.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        Map<String, CommandLine.IHelpSectionRenderer> sections = cli.getHelpSectionMap();
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::optionSections);
        cli.getSubcommands().values().forEach(HelpSections::apply);
    }

    /** The options under their section headings, each section in the command's own order. */
    static String optionSections(Help help) {
        CommandSpec spec = help.commandSpec();
        Map<String, List<OptionSpec>> bySection = new LinkedHashMap<>();
        bySection.put(ownHeading(spec), new ArrayList<>());
        for (String heading : List.of("Kafka", "Topics", "Management endpoint", "Help")) {
            bySection.put(heading, new ArrayList<>());
        }
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                bySection.get(section(option, ownHeading(spec))).add(option);
            }
        }
        StringBuilder text = new StringBuilder();
        bySection.forEach((heading, options) -> {
            if (!options.isEmpty()) {
                text.append(String.format("%n%s:%n", heading));
                text.append(help.optionListExcludingGroups(options, withEnvironment(help), null, help.parameterLabelRenderer()));
            }
        });
        return text.toString();
    }

    /** The default layout, each option followed by the environment variables it reads ({@link EnvDefaults}). */
    private static Help.Layout withEnvironment(Help help) {
        Help.Layout layout = help.createDefaultLayout();
        Help.IOptionRenderer base = layout.optionRenderer();
        Help.IOptionRenderer withEnv = (option, labels, scheme) -> {
            Help.Ansi.Text[][] rows = base.render(option, labels, scheme);
            String names = EnvDefaults.describe(option);
            if (names.isEmpty() || rows.length == 0) {
                return rows;
            }
            Help.Ansi.Text[] env = new Help.Ansi.Text[rows[0].length];
            Arrays.fill(env, scheme.text(""));
            env[env.length - 1] = scheme.text("Env: " + names + ".");
            Help.Ansi.Text[][] all = Arrays.copyOf(rows, rows.length + 1);
            all[rows.length] = env;
            return all;
        };
        return new Help.Layout(help.colorScheme(), layout.textTable(), withEnv, layout.parameterRenderer());
    }

    /** The section of the command's own options: what it does. */
    private static String ownHeading(CommandSpec spec) {
        return switch (spec.name()) {
            case "saver" -> "Saver (the API and its requests)";
            case "dbapi" -> "Database API";
            case "broker" -> "Broker";
            default -> "Work";
        };
    }

    private static String section(OptionSpec option, String own) {
        for (String name : option.names()) {
            if (KAFKA.contains(name)) {
                return "Kafka";
            }
            if (TOPICS.contains(name)) {
                return "Topics";
            }
            if (MANAGEMENT.contains(name)) {
                return "Management endpoint";
            }
            if (HELP.contains(name)) {
                return "Help";
            }
        }
        return own;
    }
}
