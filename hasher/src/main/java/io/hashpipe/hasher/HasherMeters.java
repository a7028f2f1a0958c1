package io.hashpipe.hasher;

/**
 * The hasher's published meter names and tags (Micrometer; in Prometheus, dots become underscores and
 * counters end in {@code _total}). Dashboards, the launcher and tests read them from here.
 */
public final class HasherMeters {

    /** Counter of results committed; its rate is hashes/s. */
    public static final String HASHES = "hashpipe.hasher.hashes";
    /** Timer of each hash (a grouped hash: its share of the group's time), tagged {@link #TAG_DIFFICULTY}. */
    public static final String HASH_DURATION = "hashpipe.hasher.hash.duration";
    /** Gauge of the workers hashing right now, tagged {@link #TAG_HASHER}. */
    public static final String BUSY = "hashpipe.hasher.busy";
    /** Counter of transactions, tagged {@link #TAG_OUTCOME} {@link #OUTCOME_COMMITTED} or {@link #OUTCOME_ABORTED}. */
    public static final String TRANSACTIONS = "hashpipe.hasher.transactions";
    /** Gauge of the tasks not yet fetched from the assigned partitions, tagged {@link #TAG_HASHER}. */
    public static final String LAG = "hashpipe.hasher.lag";
    /** Counter of bad tasks committed to the dead-letter topic. */
    public static final String DEAD_LETTERS = "hashpipe.hasher.dead.letters";

    /** Tag: the task's bcrypt cost. */
    public static final String TAG_DIFFICULTY = "difficulty";
    /** Tag: the hasher's name (its member id). */
    public static final String TAG_HASHER = "hasher";
    /** Tag: how a transaction ended. */
    public static final String TAG_OUTCOME = "outcome";
    public static final String OUTCOME_COMMITTED = "committed";
    public static final String OUTCOME_ABORTED = "aborted";

    private HasherMeters() {
    }
}
