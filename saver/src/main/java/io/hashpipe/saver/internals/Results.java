package io.hashpipe.saver.internals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Records;
import io.hashpipe.common.Result;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads consumed records into {@link PendingRecord}s, rejecting what is not a storable result: a value over
 * the record limit (unread), one that is not strict JSON ({@link Json#parseStrict}, as every stage decodes),
 * without a valid id, or (a bcrypt result: one without a {@code processor} field, {@link Records}) whose
 * {@code hash} is not a bcrypt hash of its {@code difficulty}. Another processor's result is posted as it came.
 */
public final class Results {

    /** Missing numbers read as 0 here: a missing difficulty is taken from the hash, a missing duration is unknown. */
    private static final ObjectReader RESULT = Json.mapper().readerFor(Result.class)
            .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Results() {
    }

    /** {@link #read(ConsumerRecord, int)} with the default {@code record.max.bytes}. */
    public static PendingRecord read(ConsumerRecord<byte[], byte[]> record) throws InvalidResultException {
        return read(record, Limits.DEFAULT_RECORD_MAX_BYTES);
    }

    /**
     * The record as a result to store, its body being {@code Json.toBytes(result)}.
     *
     * @param maxRecordBytes the largest value read; a larger one is rejected unread
     * @throws InvalidResultException naming the rule the record breaks
     */
    public static PendingRecord read(ConsumerRecord<byte[], byte[]> record, int maxRecordBytes) throws InvalidResultException {
        byte[] value = record.value();
        if (value == null) {
            throw new InvalidResultException("The record has no value (a tombstone); expected a result's JSON");
        }
        if (value.length > maxRecordBytes) {
            throw new InvalidResultException("The value is " + value.length + " bytes: at most " + maxRecordBytes
                    + " (" + CommonConfigs.RECORD_MAX_BYTES + "); a result is a few hundred");
        }
        JsonNode node;
        Result result;
        try {
            node = Json.parseStrict(value);
            if (node.isObject() && !Records.isBcrypt(node)) {
                return generic(record, node, value);
            }
            result = node.isObject() ? RESULT.readValue(node) : null;
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
        // A result that carries a hash is bcrypt's: its shape and cost are checked here, as the API checks them.
        boolean hasDifficulty = node.hasNonNull("difficulty");
        String hashProblem = Limits.hashProblem("The result's \"hash\"", result.hash(), hasDifficulty ? result.difficulty() : null);
        if (hashProblem != null) {
            throw new InvalidResultException(hashProblem);
        }
        if (!hasDifficulty) { // the hash names its cost: "$2a$NN$"
            result = new Result(result.id(), result.hash(), Integer.parseInt(result.hash().substring(4, 6)), result.hashedAt(),
                    result.hashMicros(), result.hasher());
        }
        return new PendingRecord(record, result.id(), result.hash(), Json.toBytes(result));
    }

    /**
     * Another processor's result: its id checked as bcrypt's is, its JSON posted as it came (strict JSON already),
     * with no hash to send in {@code --db-body hash} mode.
     */
    private static PendingRecord generic(ConsumerRecord<byte[], byte[]> record, JsonNode node, byte[] value)
            throws InvalidResultException {
        JsonNode id = node.get(Records.ID);
        if (id == null || !id.isTextual()) {
            throw new InvalidResultException("The result has no \"id\" string; the id is required to store it idempotently");
        }
        String idProblem = Limits.idProblem("The result's \"id\"", id.textValue());
        if (idProblem != null) {
            throw new InvalidResultException(idProblem);
        }
        return new PendingRecord(record, id.textValue(), null, value);
    }

    /** A record that is not a result, carried only to the dead letters. */
    public static PendingRecord unreadable(ConsumerRecord<byte[], byte[]> record) {
        return new PendingRecord(record, null, null, null);
    }

    /** What a record counts for against {@code saver.max.buffered.bytes}. */
    public static int size(ConsumerRecord<byte[], byte[]> record) {
        return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    }
}
