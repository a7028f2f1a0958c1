package io.hashpipe.cli;

import io.hashpipe.common.CommonConfigs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns a service's {@link ConfigDef} into command-line options, and the parsed options back into the
 * service's config, so that every key has one flag, one environment variable, one default and one doc.
 *
 * <p>The spelling is mechanical: the key without its service prefix, dots as dashes. {@code
 * dbapi.latency.ms} is {@code --latency-ms} and {@code HASHPIPE_LATENCY_MS}; {@code bootstrap.servers} is
 * {@code --bootstrap-servers} and {@code HASHPIPE_BOOTSTRAP_SERVERS}. A value set on the command line wins
 * over the environment, which wins over the default.
 *
 * <p>A repeatable key (e.g. {@code saver.db.header}) takes its flag any number of times, and its environment
 * variable one value per line; the service reads the values joined by newlines. A {@code PASSWORD} key's value
 * is never shown in {@code --help}.
 */
public final class ConfigOptions {

    /**
     * Keys spelled as Kafka's own tools spell them rather than mechanically: the first name is the one shown
     * and the environment variable's, the others are aliases.
     */
    private static final Map<String, List<String>> KAFKA_SPELLINGS = Map.of(
            CommonConfigs.BOOTSTRAP_SERVERS, List.of("--bootstrap-servers", "--bootstrap-server"),
            CommonConfigs.PRODUCER_PROPERTY, List.of("--producer-property"),
            CommonConfigs.CONSUMER_PROPERTY, List.of("--consumer-property"));

    /** Keys whose flag is repeatable in every command that has them. */
    private static final Set<String> ALWAYS_REPEATABLE = Set.of(CommonConfigs.PRODUCER_PROPERTY, CommonConfigs.CONSUMER_PROPERTY);

    private final CommandSpec spec;
    private final String prefix;
    /** Whether the keys are the command's own options, so messages name options rather than a service's keys. */
    private final boolean own;
    private final Map<String, OptionSpec> optionsByKey = new LinkedHashMap<>();

    private ConfigOptions(CommandSpec spec, String prefix, boolean own) {
        this.spec = spec;
        this.prefix = prefix;
        this.own = own;
    }

    /**
     * Adds one option per key of {@code def} to {@code spec}.
     *
     * @param prefix the service prefix stripped from keys, e.g. {@code dbapi.}
     */
    public static ConfigOptions addTo(CommandSpec spec, ConfigDef def, String prefix) {
        return addTo(spec, def, prefix, Set.of());
    }

    /** Like {@link #addTo(CommandSpec, ConfigDef, String)}, with the keys of {@code repeatable} taking their flag many times. */
    public static ConfigOptions addTo(CommandSpec spec, ConfigDef def, String prefix, Set<String> repeatable) {
        return addTo(spec, def, prefix, repeatable, false);
    }

    /**
     * Like {@link #addTo(CommandSpec, ConfigDef, String)} for a command whose keys are its own options, not a
     * service's (bench, status): a bad value is reported as picocli reports one, {@code Invalid value 3 for option
     * --difficulty (env HASHPIPE_BENCH_DIFFICULTY or HASHPIPE_DIFFICULTY): rule}; a {@code BOOLEAN} key is a switch
     * (the flag alone sets it); a key whose display name is a label such as {@code <auto|terminal|lines>} shows it.
     * The keys' options come before those the command has already, in the help too.
     */
    public static ConfigOptions addOwnTo(CommandSpec spec, ConfigDef def, String prefix) {
        return addOwnTo(spec, def, prefix, Set.of());
    }

    /** Like {@link #addOwnTo(CommandSpec, ConfigDef, String)}, with the keys of {@code repeatable} taking their flag many times. */
    public static ConfigOptions addOwnTo(CommandSpec spec, ConfigDef def, String prefix, Set<String> repeatable) {
        List<OptionSpec> before = List.copyOf(spec.options());
        before.forEach(spec::remove);
        ConfigOptions options = addTo(spec, def, prefix, repeatable, true);
        before.forEach(spec::addOption);
        return options;
    }

    private static ConfigOptions addTo(CommandSpec spec, ConfigDef def, String prefix, Set<String> repeatable, boolean own) {
        ConfigOptions options = new ConfigOptions(spec, prefix, own);
        for (ConfigKey key : def.configKeys().values()) {
            String fallback = !key.hasDefault() ? null : key.defaultValue instanceof Password password ? password.value()
                    : ConfigDef.convertToString(key.defaultValue, key.type);
            boolean secret = key.type == ConfigDef.Type.PASSWORD;
            OptionSpec.Builder builder = OptionSpec.builder(names(key.name, prefix))
                    .paramLabel(ALWAYS_REPEATABLE.contains(key.name) ? "<key=value>" : label(key.type))
                    .description(key.documentation)
                    .defaultValue(fallback)
                    .showDefaultValue(secret || fallback == null || fallback.isEmpty() ? Visibility.NEVER : Visibility.ALWAYS);
            if (own && key.displayName != null && key.displayName.startsWith("<")) {
                builder.paramLabel(key.displayName);
            }
            if (own && key.type == ConfigDef.Type.BOOLEAN) {
                builder.type(boolean.class).arity("0").showDefaultValue(Visibility.NEVER);
            } else if (repeatable.contains(key.name) || ALWAYS_REPEATABLE.contains(key.name)) {
                builder.type(List.class).auxiliaryTypes(String.class); // an environment value keeps its lines: they join as given
            } else {
                builder.type(String.class);
            }
            OptionSpec option = builder.build();
            spec.addOption(option);
            options.optionsByKey.put(key.name, option);
        }
        return options;
    }

    /** The flag of {@code key}: {@code --} and the key without {@code prefix}, dots as dashes (Kafka's spelling for its keys). */
    public static String flag(String key, String prefix) {
        return names(key, prefix)[0];
    }

    /** The flag of {@code key} and its aliases. */
    private static String[] names(String key, String prefix) {
        List<String> kafka = KAFKA_SPELLINGS.get(key);
        return kafka != null ? kafka.toArray(String[]::new) : new String[] {"--" + bare(key, prefix).replace('.', '-')};
    }


    /** Every key's current value as text: from the command line, the environment or the default. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        optionsByKey.forEach((key, option) -> {
            Object value = option.getValue();
            if (value instanceof List<?> repeated) {
                values.put(key, repeated.stream().map(Object::toString).collect(Collectors.joining("\n")));
            } else if (value != null) {
                values.put(key, value.toString());
            }
        });
        return values;
    }

    /** The keys whose flags were given on the command line (not taken from the environment or a default). */
    public Set<String> givenOnCommandLine() {
        var parsed = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
        if (parsed == null) {
            return Set.of();
        }
        return optionsByKey.entrySet().stream().filter(entry -> parsed.hasMatchedOption(entry.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Builds the service's config from the options. A value that breaks a key's rule fails with a message
     * that names the key, its flag and environment variable, the value and the rule.
     */
    public <C> C build(Function<Map<String, String>, C> constructor) {
        Map<String, String> values = values();
        C config;
        try {
            config = constructor.apply(values);
        } catch (ConfigException e) {
            throw new InvalidOptionException(explain(e.getMessage()), e);
        }
        KafkaClientKeys.warnUnknown(values);
        return config;
    }

    /** Adds the flag and environment variable to each key that {@code message} names. */
    public String explain(String message) {
        String explained = message;
        for (Map.Entry<String, OptionSpec> entry : optionsByKey.entrySet()) {
            String key = entry.getKey();
            String env = "env " + EnvDefaults.describe(entry.getValue());
            if (own) {
                explained = explained.replace("configuration " + key + " ", "option " + flag(key, prefix) + " (" + env + ") ")
                        .replace("configuration " + key + ":", "option " + flag(key, prefix) + " (" + env + "):");
                continue;
            }
            String names = " (" + flag(key, prefix) + ", " + env + ")";
            explained = explained.replace("configuration " + key + " ", "configuration " + key + names + " ");
            explained = explained.replace("configuration " + key + ":", "configuration " + key + names + ":");
        }
        return explained;
    }

    private static String bare(String key, String prefix) {
        return key.startsWith(prefix) ? key.substring(prefix.length()) : key;
    }

    private static String label(ConfigDef.Type type) {
        switch (type) {
            case INT:
            case LONG:
            case SHORT:
                return "<n>";
            case DOUBLE:
                return "<x>";
            case BOOLEAN:
                return "<true|false>";
            case LIST:
                return "<a,b,...>";
            default:
                return "<text>";
        }
    }
}
