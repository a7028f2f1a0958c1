package io.hashpipe.hasher.internals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.api.BadInputException;
import io.hashpipe.api.BatchingProcessor;
import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Records;
import io.hashpipe.hasher.processors.BcryptProcessor;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a task record's value into the task its processor sees, or says exactly why not: larger than
 * {@code record.max.bytes}, not strict JSON ({@link Json#parseStrict}: UTF-8, no duplicate keys, nothing after
 * the value, no unpaired surrogates), not an object, an id outside {@link Limits#idProblem}'s rules, or (for a
 * {@link BatchingProcessor}) an input its {@link BatchingProcessor#batchKey} refuses, with the processor's code
 * and reason (bcrypt: a cost outside 4..{@code max.difficulty}, a password over 72 bytes or holding U+0000).
 *
 * <p>The input holds JDK values ({@link io.hashpipe.api.Task}'s list). Thread-safe.
 */
public final class TaskDecoder {

    private final int maxRecordBytes;
    private final Processor processor;
    private final BatchingProcessor batching;

    /** bcrypt's decoder with the default limits. */
    public TaskDecoder() {
        this(Limits.DEFAULT_RECORD_MAX_BYTES, Limits.DEFAULT_MAX_DIFFICULTY);
    }

    /**
     * bcrypt's decoder.
     *
     * @param maxRecordBytes the largest value it reads ({@code record.max.bytes})
     * @param maxDifficulty  the highest cost it accepts ({@code max.difficulty}), at most bcrypt's 31
     */
    public TaskDecoder(int maxRecordBytes, int maxDifficulty) {
        this(maxRecordBytes, bcrypt(maxDifficulty));
    }

    /** A decoder for {@code processor}'s tasks (configured already). */
    public TaskDecoder(int maxRecordBytes, Processor processor) {
        this.maxRecordBytes = maxRecordBytes;
        this.processor = processor;
        this.batching = processor instanceof BatchingProcessor b && b.maxBatch() > 1 ? b : null;
    }

    private static Processor bcrypt(int maxDifficulty) {
        BcryptProcessor bcrypt = new BcryptProcessor();
        bcrypt.configure(new ProcessorContext("", 1, Map.of(CommonConfigs.MAX_DIFFICULTY, Integer.toString(maxDifficulty))));
        return bcrypt;
    }

    /** A decoded task and its batch key (null: processed alone). */
    record Decoded(StageTask task, Object batchKey) {
    }

    /** {@link #decode(byte[], Headers)} without headers. */
    Decoded decode(byte[] value) throws InvalidTaskException {
        return decode(value, null);
    }

    /**
     * Decodes and validates one task.
     *
     * @throws InvalidTaskException naming the field and the rule that failed
     */
    Decoded decode(byte[] value, Headers headers) throws InvalidTaskException {
        if (value == null) {
            throw invalid("the record has no value; a task is a JSON object with an id and its processor's fields");
        }
        if (value.length > maxRecordBytes) {
            throw new InvalidTaskException(InvalidTaskException.RECORD_TOO_LARGE, "the value is " + value.length
                    + " bytes: at most " + maxRecordBytes + " (" + CommonConfigs.RECORD_MAX_BYTES + ")");
        }
        JsonNode node;
        try {
            node = Json.parseStrict(value);
        } catch (Json.MalformedJsonException e) {
            throw new InvalidTaskException(InvalidTaskException.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw invalid("a task must be a JSON object, got " + (node.isMissingNode() ? "nothing" : node.getNodeType()));
        }
        JsonNode idNode = node.get(Records.ID);
        if (idNode == null || idNode.isNull()) {
            throw invalid("missing field id");
        }
        if (!idNode.isTextual()) {
            throw invalid("field id must be a string, got " + idNode.getNodeType());
        }
        String id = idNode.textValue();
        String idProblem = Limits.idProblem("field id", id);
        if (idProblem != null) {
            throw invalid(idProblem);
        }
        StageTask task = new StageTask(id, input(node), headers(headers), Instant.MAX);
        try {
            return new Decoded(task, batching == null ? null : batching.batchKey(task));
        } catch (BadInputException e) {
            throw new InvalidTaskException(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidTaskException(e.getClass().getSimpleName(), "processor " + processor.name()
                    + " failed to read the task (batchKey): " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(JsonNode node) throws InvalidTaskException {
        try {
            return Collections.unmodifiableMap(Json.mapper().treeToValue(node, LinkedHashMap.class));
        } catch (IOException e) {
            throw invalid("cannot read the task's fields: " + e.getMessage());
        }
    }

    private static Map<String, byte[]> headers(Headers headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, byte[]> last = new LinkedHashMap<>();
        for (Header header : headers) {
            last.put(header.key(), header.value());
        }
        return last.isEmpty() ? Map.of() : Collections.unmodifiableMap(last);
    }

    private static InvalidTaskException invalid(String message) {
        return new InvalidTaskException(InvalidTaskException.INVALID_TASK, message);
    }
}
