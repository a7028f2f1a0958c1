package io.hashpipe.systemtests;

import java.nio.charset.StandardCharsets;

/**
 * One malformed record of the corpus: its key names the case (the dead letter keeps it, so that each letter
 * is matched to its case), its value, and a part of the reason its dead letter must give.
 *
 * @param key    {@code <class>-<n>}, unique in the corpus
 * @param value  the bytes sent, or null for a tombstone
 * @param reason a part of the {@code hashpipe.error.message} (or the API's error) expected
 * @param cut    whether the dead letter must be cut to fit ({@code hashpipe.truncated})
 */
record BadRecord(String key, byte[] value, String reason, boolean cut) {

    static BadRecord of(String key, String value, String reason) {
        return new BadRecord(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), reason, false);
    }

    static BadRecord of(String key, byte[] value, String reason) {
        return new BadRecord(key, value, reason, false);
    }

    /** The case's class: the key without its number. */
    String caseClass() {
        return key.substring(0, key.lastIndexOf('-'));
    }

    @Override
    public String toString() {
        return key + " (" + (value == null ? "tombstone" : value.length + " bytes") + ", expecting '" + reason + "')";
    }
}
