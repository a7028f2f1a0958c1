package io.hashpipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hashpipe.api.Task;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Records;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The tasks of {@code run --from}: the file's (or stdin's) JSON lines, read once into memory so that the run can
 * time the processor on the first good line's task before anything starts, and then send every line through the
 * producer's JSON-lines path ({@link #lines()}), which decides, counts and reports the bad lines. A line is good
 * here by the same rules (a JSON object; its id in {@code --id-field}, a string or a whole number, or none of its
 * own when ids are generated), so that the first good line is the first task the producer sends.
 *
 * @param source    the file, or {@code stdin} for {@code -}
 * @param text      the whole input
 * @param first     the first good line's task (its id generated when ids are), or null when no line is good
 * @param firstLine the number of that line, from 1 (0 when none is good)
 * @param goodLines how many lines are good by these rules: the tasks the run expects until the producer has sent
 * @param problem   when no line is good, why the first non-blank one is not (or that there is none); else null
 */
public record FileTasks(String source, String text, Task first, long firstLine, long goodLines, String problem) {

    /**
     * Reads {@code from} ({@code -}: {@code stdin}) as UTF-8.
     *
     * @throws UncheckedIOException when it cannot be read, or is not UTF-8
     */
    public static FileTasks read(String from, String idField, InputStream stdin) {
        String source = from.equals("-") ? "stdin" : from;
        String text;
        try {
            byte[] bytes = from.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(from));
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException("Cannot read --from " + source + ": not UTF-8 (" + e + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read --from " + source + ": " + e.getMessage(), e);
        }
        return of(source, text, idField);
    }

    /** The tasks of {@code text}, lines of JSON from {@code source}. */
    public static FileTasks of(String source, String text, String idField) {
        Task first = null;
        long firstLine = 0;
        long good = 0;
        String problem = null;
        long number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            Object outcome = task(stripped, idField);
            if (outcome instanceof Task task) {
                good++;
                if (first == null) {
                    first = task;
                    firstLine = number;
                }
            } else if (problem == null) {
                problem = "line " + number + ": " + outcome;
            }
        }
        if (first != null) {
            problem = null;
        } else if (problem == null) {
            problem = "it has no line";
        }
        return new FileTasks(source, text, first, firstLine, good, problem);
    }

    /** The lines again, for the producer. */
    public Reader lines() {
        return new StringReader(text);
    }

    /** The line's task, or why it is not one. */
    private static Object task(String line, String idField) {
        JsonNode node;
        try {
            node = Json.parseStrict(line);
        } catch (Json.MalformedJsonException e) {
            return "not valid JSON: " + e.getMessage();
        }
        if (!(node instanceof ObjectNode object)) {
            return "a task must be a JSON object, got " + node.getNodeType();
        }
        String id;
        if (idField.isEmpty()) {
            if (object.has(Records.ID)) {
                return "has a field id, but ids are generated: pass --id-field id to use it, or leave it out";
            }
            id = UUID.randomUUID().toString();
        } else {
            JsonNode field = object.get(idField);
            if (field == null || field.isNull()) {
                return "has no field " + idField + " (--id-field) for its id";
            }
            if (!field.isTextual() && !field.isIntegralNumber()) {
                return "field " + idField + " (--id-field) must be a string or a whole number, got " + field.getNodeType();
            }
            id = field.isTextual() ? field.textValue() : field.bigIntegerValue().toString();
        }
        String problem = Limits.idProblem("its id (" + (idField.isEmpty() ? "generated" : "field " + idField) + ")", id);
        if (problem != null) {
            return problem;
        }
        Map<String, Object> input;
        try {
            input = input(object);
        } catch (IOException e) {
            return "cannot read the task's fields: " + e.getMessage();
        }
        input.remove(Records.ID);
        return Task.of(id, input);
    }

    /** A task record's fields as the hashers read them (numbers as Integer, Long, BigInteger or Double). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> input(JsonNode record) throws IOException {
        return Json.mapper().treeToValue(record, LinkedHashMap.class);
    }

    /** The inputs of task records (their JSON) by id, as the hashers read them; a record that does not read is left out. */
    static Map<String, Map<String, Object>> inputs(Map<String, byte[]> records) {
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        records.forEach((id, value) -> {
            try {
                inputs.put(id, input(Json.parseStrict(value)));
            } catch (IOException e) {
                // not a task the hashers would read: checked against no input, it does not verify
                inputs.put(id, Map.of());
            }
        });
        return inputs;
    }
}
