package io.hashpipe.saver;

import io.hashpipe.saver.internals.ApiEndpoint;
import io.hashpipe.saver.internals.SuccessStatuses;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The rules of the saver's keys that {@link ConfigDef} has no validator for; each message names the key and the rule. */
final class ConfigRules {

    private ConfigRules() {
    }

    /** Accepts {@value SaverConfig#ADAPTIVE} or a whole number of at least 1. */
    static final class InFlight implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (SaverConfig.ADAPTIVE.equalsIgnoreCase(text)) {
                return;
            }
            try {
                if (Integer.parseInt(text) >= 1) {
                    return;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new ConfigException(name, value, "Must be 'adaptive' or a whole number of at least 1");
        }

        @Override
        public String toString() {
            return "'adaptive' or a number >= 1";
        }
    }

    /** Accepts {@code http(s)://host[:port][/path][?query]}, without credentials or a fragment. */
    static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            ApiEndpoint.parse(name, (String) value);
        }

        @Override
        public String toString() {
            return "an http(s) URL with a host, e.g. http://127.0.0.1:8080/add";
        }
    }

    /** Accepts a list of 2xx codes and classes. */
    static final class Statuses implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                SuccessStatuses.parse(value == null ? "" : value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "Must be 2xx codes or classes, comma-separated (e.g. 2xx or 200,201): " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "2xx codes or classes, e.g. 2xx or 200,201";
        }
    }

    /** Accepts 0 or a duration: a number with ms, s, m or h (30s, 10m), or ISO-8601 (PT10M). */
    static final class OutageBound implements ConfigDef.Validator {
        static Duration parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            Matcher m = Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException(text);
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }

        @Override
        public void ensureValid(String name, Object value) {
            try {
                if (parse(value == null ? "" : value.toString()).isNegative()) {
                    throw new IllegalArgumentException("negative");
                }
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, "Must be 0 (wait for ever) or a duration such as 30s, 10m, 2h or PT10M");
            }
        }

        @Override
        public String toString() {
            return "0 or a duration, e.g. 30s, 10m, 2h";
        }
    }
}
