package io.hashpipe.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of task and result records for any processor, declared once for every stage.
 *
 * <p>A task is a JSON object with a string {@code id} and the fields its processor reads (its input); a result
 * is a JSON object with the task's {@code id}, the name of the {@code processor} that made it, and the fields
 * of the processor's output. bcrypt, the reference processor, keeps hashpipe's first records: its tasks are
 * {@link Task}'s JSON and its results {@link Result}'s, without a {@code processor} field, so a result without
 * one is bcrypt's and is checked as such (its {@code hash} a bcrypt hash of its {@code difficulty}).
 */
public final class Records {

    /** The field every task and result carries: the task's id, the Kafka key and the stored row's id. */
    public static final String ID = "id";
    /** The result field naming its processor; absent in bcrypt's results. */
    public static final String PROCESSOR = "processor";
    /** The processor whose records have no {@value #PROCESSOR} field. */
    public static final String BCRYPT = "bcrypt";

    private Records() {
    }

    /**
     * A result's JSON object: {@code id} first, {@code processor} (unless bcrypt), then the output's fields.
     *
     * @throws IllegalArgumentException when the output holds {@code id} or {@code processor} with another value
     */
    public static Map<String, Object> result(String id, String processor, Map<String, Object> output) {
        Map<String, Object> result = new LinkedHashMap<>(output.size() + 2);
        result.put(ID, id);
        if (!BCRYPT.equals(processor)) {
            result.put(PROCESSOR, processor);
        }
        for (Map.Entry<String, Object> field : output.entrySet()) {
            Object mine = result.get(field.getKey());
            if (mine != null && !mine.equals(field.getValue())) {
                throw new IllegalArgumentException("the output's field " + field.getKey() + " is the stage's: "
                        + ID + " and " + PROCESSOR + " are added to every result, leave them out of the output");
            }
            result.put(field.getKey(), field.getValue());
        }
        return result;
    }

    /** The processor that made {@code result}: its {@value #PROCESSOR} field, or bcrypt when it has none. */
    public static String processorOf(JsonNode result) {
        JsonNode processor = result.get(PROCESSOR);
        return processor == null || !processor.isTextual() ? BCRYPT : processor.textValue();
    }

    /** Whether {@code result} is bcrypt's, to be checked with bcrypt's rules. */
    public static boolean isBcrypt(JsonNode result) {
        return BCRYPT.equals(processorOf(result));
    }
}
