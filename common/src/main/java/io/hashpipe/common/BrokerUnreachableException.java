package io.hashpipe.common;

/**
 * No Kafka broker answered at the configured address: a one-shot command stops with this, one line naming the
 * address, the flag and the fix. A service waits instead ({@link BrokerWatch}).
 */
public final class BrokerUnreachableException extends RuntimeException {

    private final String address;

    public BrokerUnreachableException(String address, String reason, Throwable cause) {
        super("No Kafka broker answered at " + address + " (--bootstrap-servers, env HASHPIPE_BOOTSTRAP_SERVERS): " + reason
                + ". Start one there (hashpipe broker) or give the address of a running one.", cause);
        this.address = address;
    }

    /** The bootstrap servers that did not answer. */
    public String address() {
        return address;
    }
}
