package io.hashpipe.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option's environment variable, for every command alike: {@code HASHPIPE_<COMMAND>_<OPTION>} first
 * ({@code HASHPIPE_DBAPI_PORT}, {@code HASHPIPE_REPLAY_SAVER_DB_URL}), so that one shell or compose file can set
 * several commands apart, then {@code HASHPIPE_<OPTION>} ({@code HASHPIPE_PORT}), the name every command read
 * before. A flag on the command line wins over both. {@code <OPTION>} is the long flag without its dashes, in
 * upper case with underscores; {@code <COMMAND>} the command's words the same way.
 */
public final class EnvDefaults implements IDefaultValueProvider {

    /** Prefix of every environment variable hashpipe reads. */
    public static final String PREFIX = "HASHPIPE_";

    private final Map<String, String> env;

    public EnvDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        for (String name : names(option)) {
            String value = env.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The variables {@code option} reads, the command's own first; none for help and version. */
    public static List<String> names(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return List.of();
        }
        String bare = upper(option.longestName().replaceFirst("^-+", ""));
        String command = command(option.command());
        return command.isEmpty() ? List.of(PREFIX + bare) : List.of(PREFIX + command + "_" + bare, PREFIX + bare);
    }

    /** The names of {@code names}, for text: {@code HASHPIPE_SAVER_DB_URL or HASHPIPE_DB_URL}. */
    public static String describe(OptionSpec option) {
        return String.join(" or ", names(option));
    }

    /** The command's words below {@code hashpipe}, upper case: {@code REPLAY_SAVER}; empty for {@code hashpipe} itself. */
    static String command(CommandSpec spec) {
        if (spec == null) {
            return "";
        }
        StringBuilder words = new StringBuilder();
        for (CommandSpec at = spec; at != null && at.parent() != null; at = at.parent()) {
            words.insert(0, (words.length() == 0 ? "" : "_")).insert(0, upper(at.name()));
        }
        return words.toString();
    }

    private static String upper(String name) {
        return name.replace('-', '_').replace(' ', '_').toUpperCase(Locale.ROOT);
    }
}
