package io.hashpipe.bench;

/**
 * What one strategy did at one cost.
 *
 * @param strategy  the strategy
 * @param cost      the bcrypt cost
 * @param tasks     tasks hashed
 * @param seconds   wall time: first hash started (pipeline: first task sent) -> last result stored
 * @param stored    results the database acknowledged (for {@link Strategy#CPU}: hashes made)
 * @param verified  stored hashes that verify against their task's password at the task's cost
 * @param retries   requests the database refused (503/429) and that were sent again
 */
public record Measurement(Strategy strategy, int cost, int tasks, double seconds, long stored, long verified, long retries) {

    /** Whether every task was stored once and verified. */
    public boolean ok() {
        return stored == tasks && verified == tasks;
    }

    /** Results stored per second. */
    public double perSecond() {
        return tasks / seconds;
    }
}
