package io.hashpipe.saver.internals;

import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Result;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads consumed records into {@link PendingRecord}s, rejecting what is not a storable result. */
public final class Results {

    private Results() {
    }

    /**
     * The record as a result to store, its body being {@code Json.toBytes(result)}.
     *
     * @throws InvalidResultException when the value is missing, not a result's JSON, or has no id or hash
     */
    public static PendingRecord read(ConsumerRecord<byte[], byte[]> record) throws InvalidResultException {
        if (record.value() == null) {
            throw new InvalidResultException("The record has no value (a tombstone); expected a result's JSON");
        }
        Result result;
        try {
            result = Json.fromBytes(record.value(), Result.class);
        } catch (IOException e) {
            throw new InvalidResultException("The value is not a result's JSON: " + e.getMessage());
        }
        if (result == null || result.id() == null || result.id().isBlank()) {
            throw new InvalidResultException("The result has no \"id\"; the id is required to store it idempotently");
        }
        String idProblem = Limits.idProblem("The result's \"id\"", result.id());
        if (idProblem != null) {
            throw new InvalidResultException(idProblem);
        }
        if (result.hash() == null || result.hash().isBlank()) {
            throw new InvalidResultException("The result " + result.id() + " has no \"hash\"");
        }
        return new PendingRecord(record, result.id(), Json.toBytes(result));
    }

    /** A record that is not a result, carried only to the dead letters. */
    public static PendingRecord unreadable(ConsumerRecord<byte[], byte[]> record) {
        return new PendingRecord(record, null, null);
    }

    /** What a record counts for against {@code saver.max.buffered.bytes}. */
    public static int size(ConsumerRecord<byte[], byte[]> record) {
        return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    }
}
