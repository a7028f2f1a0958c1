package io.hashpipe.saver.internals;

/**
 * What one request meant for one record.
 *
 * @param kind       stored, duplicate (already stored: success), or a transient or permanent failure
 * @param status     the HTTP status (of the item when the API gave one), 0 when nothing was answered
 * @param error      the failure's description; null on success
 * @param retryAfter the answer's Retry-After header, or null
 */
public record Outcome(Kind kind, int status, String error, String retryAfter) {

    /** The kinds of outcome. */
    public enum Kind { STORED, DUPLICATE, TRANSIENT, PERMANENT }

    public static Outcome stored(boolean stored, int status) {
        return new Outcome(stored ? Kind.STORED : Kind.DUPLICATE, status, null, null);
    }

    public static Outcome failed(boolean retryable, int status, String error, String retryAfter) {
        return new Outcome(retryable ? Kind.TRANSIENT : Kind.PERMANENT, status, error, retryAfter);
    }

    /** Whether the API acknowledged the record (stored now or before). */
    public boolean acknowledged() {
        return kind == Kind.STORED || kind == Kind.DUPLICATE;
    }
}
