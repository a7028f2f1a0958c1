package io.hashpipe.cli;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef;

/** Copies of a service's {@link ConfigDef} with other defaults, for commands that run a service differently (replay). */
public final class ConfigDefaults {

    private ConfigDefaults() {
    }

    /**
     * {@code def} with each key of {@code defaults} given that default (as text, parsed by the key's type);
     * types, rules and docs are kept.
     */
    public static ConfigDef withDefaults(ConfigDef def, Map<String, String> defaults) {
        ConfigDef copy = new ConfigDef();
        for (ConfigKey key : def.configKeys().values()) {
            if (!defaults.containsKey(key.name)) {
                copy.define(key);
                continue;
            }
            copy.define(new ConfigKey(key.name, key.type, ConfigDef.parseType(key.name, defaults.get(key.name), key.type),
                    key.validator, key.importance, key.documentation, key.group, key.orderInGroup, key.width,
                    key.displayName, key.dependents, key.recommender, key.internalConfig));
        }
        return copy;
    }
}
