package io.hashpipe.bench;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * A replay's own settings, beside the service keys it runs with: {@link #HASHER_DEF} for {@code replay hasher},
 * {@link #SAVER_DEF} for {@code replay saver}; one key per option ({@code replay.max.records} is {@code
 * --max-records}). Immutable.
 */
public final class ReplayConfig extends AbstractConfig {

    public static final String PREFIX = "replay.";
    public static final String FROM_BEGINNING = "replay.from.beginning";
    public static final String MAX_RECORDS = "replay.max.records";
    public static final String DB_ADMIN_TOKEN = "replay.db.admin.token";
    public static final String GENERATE_RESULTS = "replay.generate.results";

    public static final ConfigDef HASHER_DEF = new ConfigDef()
            .define(FROM_BEGINNING, Type.BOOLEAN, false, Importance.MEDIUM, "Rewind --group to the beginning of the tasks topic first "
                    + "(a fresh group, the default, starts there anyway).");

    public static final ConfigDef SAVER_DEF = new ConfigDef()
            .define(FROM_BEGINNING, Type.BOOLEAN, false, Importance.MEDIUM, "With --group: move that (idle) group back to the topic's"
                    + " beginning first. A fresh group starts at the beginning anyway.")
            .define(MAX_RECORDS, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                    "Stop after this many records are done; 0 = until caught up.")
            .define(DB_ADMIN_TOKEN, Type.STRING, "", Importance.LOW, "The database API's --admin-token, to read its capacity knobs"
                    + " from GET /admin/settings for the report; empty leaves the bound unknown.")
            .define(GENERATE_RESULTS, Type.INT, 0, Range.atLeast(0), Importance.LOW, "First append this many synthetic results"
                    + " (unique ids, one fixed bcrypt string: not real hashes) to the topic.");

    private ReplayConfig(ConfigDef def, Map<String, String> values) {
        super(def, values, false);
    }

    /** {@code replay hasher}'s settings. */
    public static ReplayConfig hasher(Map<String, String> values) {
        return new ReplayConfig(HASHER_DEF, values);
    }

    /** {@code replay saver}'s settings. */
    public static ReplayConfig saver(Map<String, String> values) {
        return new ReplayConfig(SAVER_DEF, values);
    }

    /** {@code --from-beginning}: rewind the group first. */
    public boolean fromBeginning() {
        return getBoolean(FROM_BEGINNING);
    }

    /** {@code --max-records}: stop after this many; 0 = until caught up. */
    public long maxRecords() {
        return getLong(MAX_RECORDS);
    }

    /** {@code --db-admin-token}: to read the database API's settings; empty for none. */
    public String dbAdminToken() {
        return getString(DB_ADMIN_TOKEN);
    }

    /** {@code --generate-results}: synthetic results appended first. */
    public int generateResults() {
        return getInt(GENERATE_RESULTS);
    }
}
