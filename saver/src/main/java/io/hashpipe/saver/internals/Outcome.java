package io.hashpipe.saver.internals;

/**
 * What one request meant for one record.
 *
 * @param kind       what the answer says about the record (see {@link Kind})
 * @param status     the HTTP status (of the item when the API gave one), 0 when nothing was answered
 * @param error      the failure's description; null on success
 * @param retryAfter the answer's Retry-After header, or null
 */
public record Outcome(Kind kind, int status, String error, String retryAfter) {

    /** The kinds of outcome: who the answer is about decides what happens to the record. */
    public enum Kind {
        /** Stored now. */
        STORED,
        /** Already there ({@code stored:false}): a success. */
        DUPLICATE,
        /** The API refused this record (a 4xx about it, a refused batch item): a bad record, for the dead letters. */
        REJECTED,
        /** The API failed (no connection, a timeout, 408, 429, 5xx): an outage, not the record's fault; sent again. */
        UNAVAILABLE,
        /** The API refused the request as configured (401/403, 404/405, a redirect, a TLS trust failure): sent again once fixed. */
        MISCONFIGURED
    }

    public static Outcome stored(boolean stored, int status) {
        return new Outcome(stored ? Kind.STORED : Kind.DUPLICATE, status, null, null);
    }

    public static Outcome failed(Kind kind, int status, String error, String retryAfter) {
        return new Outcome(kind, status, error, retryAfter);
    }

    /** Whether the API acknowledged the record (stored now or before). */
    public boolean acknowledged() {
        return kind == Kind.STORED || kind == Kind.DUPLICATE;
    }
}
