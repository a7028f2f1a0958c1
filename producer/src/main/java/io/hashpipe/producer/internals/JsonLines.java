package io.hashpipe.producer.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Records;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.UUID;

/**
 * Reads tasks from JSON lines: one JSON object per line, the task's input. Its id is the field
 * {@code idField} (a string, or a whole number taken as its decimal text), or a random UUID when no id field
 * is named; either way it becomes the record's {@code id}, first. Blank lines are skipped. A line that is not a
 * strict JSON object ({@link Json#parseStrict}), whose id is missing or breaks {@link Limits#idProblem}, that
 * holds an {@code id} of its own when ids are generated, or whose record would exceed {@code record.max.bytes}
 * is a bad line: returned with its number and the reason, for the caller to report and skip. Used by one thread.
 */
public final class JsonLines {

    /**
     * One line's outcome.
     *
     * @param number  the line's number, from 1
     * @param id      the task's id, or null for a bad line
     * @param value   the task record's JSON, or null for a bad line
     * @param problem why the line is bad, or null
     */
    public record Line(long number, String id, byte[] value, String problem) {
    }

    private final Reader in;
    private final String idField;
    private final int maxRecordBytes;
    private long number;
    private boolean ended;

    /**
     * @param idField the field holding each task's id; empty to generate ids
     */
    public JsonLines(Reader in, String idField, int maxRecordBytes) {
        this.in = in;
        this.idField = idField;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The next non-blank line, or null at the end of the input. */
    public Line next() throws IOException {
        while (!ended) {
            StringBuilder text = new StringBuilder();
            boolean tooLong = false;
            for (int c = in.read(); ; c = in.read()) {
                if (c < 0) {
                    ended = true;
                    break;
                }
                if (c == '\n') {
                    break;
                }
                if (text.length() <= maxRecordBytes) {
                    text.append((char) c);
                } else {
                    tooLong = true; // read the rest of the line away, keeping nothing of it
                }
            }
            if (ended && text.isEmpty()) {
                return null;
            }
            number++;
            if (tooLong) {
                return bad("longer than " + maxRecordBytes + " characters, more than a task may be (" + CommonConfigs.RECORD_MAX_BYTES + ")");
            }
            String line = text.toString().strip();
            if (!line.isEmpty()) {
                return read(line);
            }
        }
        return null;
    }

    private Line read(String line) {
        JsonNode node;
        try {
            node = Json.parseStrict(line);
        } catch (Json.MalformedJsonException e) {
            return bad("not valid JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            return bad("a task must be a JSON object, got " + node.getNodeType());
        }
        String id;
        if (idField.isEmpty()) {
            if (object.has(Records.ID)) {
                return bad("has a field id, but ids are generated: pass --id-field id to use it, or leave it out");
            }
            id = UUID.randomUUID().toString();
        } else {
            JsonNode field = object.get(idField);
            if (field == null || field.isNull()) {
                return bad("has no field " + idField + " (--id-field) for its id");
            }
            if (!field.isTextual() && !field.isIntegralNumber()) {
                return bad("field " + idField + " (--id-field) must be a string or a whole number, got " + field.getNodeType());
            }
            id = field.isTextual() ? field.textValue() : field.bigIntegerValue().toString();
            JsonNode own = object.get(Records.ID);
            if (!idField.equals(Records.ID) && own != null && !(own.isTextual() && own.textValue().equals(id))) {
                return bad("has a field id that differs from its " + idField + " (--id-field): the task's id would be ambiguous");
            }
        }
        String problem = Limits.idProblem("its id (" + (idField.isEmpty() ? "generated" : "field " + idField) + ")", id);
        if (problem != null) {
            return bad(problem);
        }
        ObjectNode record = Json.mapper().createObjectNode();
        record.put(Records.ID, id);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(Records.ID)) {
                record.set(name, object.get(name));
            }
        }
        byte[] value = Json.toBytes(record);
        if (value.length > maxRecordBytes) {
            return bad("the task is " + value.length + " bytes: at most " + maxRecordBytes + " (" + CommonConfigs.RECORD_MAX_BYTES + ")");
        }
        return new Line(number, id, value, null);
    }

    private Line bad(String problem) {
        return new Line(number, null, null, "line " + number + ": " + problem);
    }

    /** {@code value} as text, for tests. */
    static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
