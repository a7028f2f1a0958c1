package io.hashpipe.hasher;

import org.apache.kafka.common.KafkaException;

/**
 * This hasher lost its Kafka transactional id to another producer: a second hasher started with the same
 * {@code hasher.transactional.id} (or the same host name and {@code hasher.instance}), or a transaction
 * outlived {@code transaction.timeout.ms}. Fatal: the hasher stops so that two replicas never commit the
 * same work.
 */
public final class HasherFencedException extends KafkaException {

    private final String transactionalId;

    public HasherFencedException(String transactionalId, Throwable cause) {
        super("This hasher was fenced: another hasher started with the same transactional.id '" + transactionalId
                + "' and took over its transactions (" + cause + "). Give each hasher replica its own id: a different"
                + " --instance (hasher.instance) per hasher on one host or in one process, or an explicit unique"
                + " --transactional-id (hasher.transactional.id).", cause);
        this.transactionalId = transactionalId;
    }

    /** The transactional id that another producer took over. */
    public String transactionalId() {
        return transactionalId;
    }
}
