package io.hashpipe.dbapi.internals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Records;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns request bodies into validated {@link NewResult}s: a bare hash string (the classic experiment's
 * clients), a quoted JSON string, a Result JSON object, or a JSON array of them for a batch. A result whose
 * {@code processor} field names another processor than bcrypt ({@link Records}) is stored as its JSON, its id
 * checked as every id is; bcrypt's results (no {@code processor}) keep every check below.
 *
 * <p>Bodies are decoded as every stage decodes records ({@link Json#parseStrict}). A hash must be a bcrypt
 * hash of the result's difficulty when it gives one ({@link Limits#hashProblem}); a {@code hashedAt} must lie
 * in years 1 to 9999, which every database stores. Unknown JSON fields are ignored, as everywhere in hashpipe;
 * ids follow {@link Limits#idProblem}, other texts are limited to {@value ResultFields#MAX_TEXT_CHARS} characters. The
 * {@value DbApiContract#IDEMPOTENCY_KEY} header is percent-decoded ({@link DbApiContract#decodeKey}).
 */
public final class ResultParser {


    /**
     * One item of a batch: a row to store, or the reason it was refused.
     *
     * @param id    the item's id when it has one (generated for rows without one), else null
     * @param row   the row, or null when refused
     * @param error why the item was refused, or null
     */
    public record BatchItem(String id, NewResult row, String error) {
    }

    private ResultParser() {
    }

    /**
     * Parses the body of {@code POST /add}.
     *
     * @param idempotencyKey the Idempotency-Key header, or null
     */
    public static NewResult parseAdd(ByteBuf body, String idempotencyKey) throws BadRequestException {
        String key = idempotencyKey == null ? null : headerId(idempotencyKey);
        String text = utf8(body).strip();
        if (text.isEmpty()) {
            throw new BadRequestException("empty body: send the hash as text, or a result as JSON with a \"hash\"");
        }
        char first = text.charAt(0);
        if (first == '[') {
            throw new BadRequestException("a JSON array goes to POST /add/batch; POST /add takes one result");
        }
        if (first != '{' && first != '"') {
            return new NewResult(key != null ? key : newId(), checkHash("the body", text, null), null, null, null, null);
        }
        JsonNode node = readJson(text);
        if (node.isTextual()) {
            return new NewResult(key != null ? key : newId(), checkHash("the body", node.textValue(), null), null, null, null, null);
        }
        return parseObject(node, key);
    }

    /**
     * Parses the body of {@code POST /add/batch}: only a body that is not a JSON array, or one of more than
     * {@code maxItems} items, is refused as a whole.
     *
     * @throws TooManyItemsException when the array holds more than {@code maxItems}
     */
    public static List<BatchItem> parseBatch(ByteBuf body, int maxItems) throws BadRequestException {
        String text = utf8(body).strip();
        if (text.isEmpty()) {
            throw new BadRequestException("empty body: send a JSON array of results");
        }
        JsonNode node = readJson(text);
        if (!node.isArray()) {
            throw new BadRequestException("body must be a JSON array of results, e.g. [{\"id\": \"t1\", \"hash\": \"$2a$10$...\"}]");
        }
        if (node.size() > maxItems) {
            throw new TooManyItemsException("the batch holds " + node.size() + " results: at most " + maxItems
                    + " (dbapi.batch.max.items); send fewer per request");
        }
        List<BatchItem> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            try {
                NewResult row = parseObject(item, null);
                items.add(new BatchItem(row.id(), row, null));
            } catch (BadRequestException e) {
                String id = item.path("id").isTextual() ? item.get("id").textValue() : null;
                items.add(new BatchItem(id, null, e.getMessage()));
            }
        }
        return items;
    }

    /** Reads a whole JSON body, strictly. */
    public static JsonNode readJson(String text) throws BadRequestException {
        try {
            return Json.parseStrict(text);
        } catch (Json.MalformedJsonException e) {
            throw new BadRequestException("malformed JSON: " + e.getMessage());
        }
    }

    /** Decodes a body as strict UTF-8 ({@link Json#decodeUtf8}). */
    public static String utf8(ByteBuf body) throws BadRequestException {
        try {
            return Json.decodeUtf8(ByteBufUtil.getBytes(body));
        } catch (Json.MalformedJsonException e) {
            throw new BadRequestException("the body is " + e.getMessage());
        }
    }

    private static NewResult parseObject(JsonNode node, String key) throws BadRequestException {
        if (!node.isObject()) {
            throw new BadRequestException("a result must be a JSON object with a \"hash\", not " + node.getNodeType());
        }
        String jsonId = optionalId(node);
        if (key != null && jsonId != null && !key.equals(jsonId)) {
            throw new BadRequestException(DbApiContract.IDEMPOTENCY_KEY + " header '" + key + "' and JSON id '" + jsonId
                    + "' differ: send the id once, or the same value in both");
        }
        if (!Records.isBcrypt(node)) {
            return generic(node, key != null ? key : jsonId != null ? jsonId : newId());
        }
        String hash = ResultFields.text(node, DbApiContract.FIELD_HASH);
        if (hash == null) {
            throw new BadRequestException("missing \"hash\": a result must carry its hash");
        }
        Integer difficulty = ResultFields.difficulty(node);
        return new NewResult(key != null ? key : jsonId != null ? jsonId : newId(), checkHash("\"hash\"", hash, difficulty),
                difficulty, ResultFields.instant(node, "hashedAt"), ResultFields.micros(node), ResultFields.text(node, "hasher"));
    }

    /**
     * Another processor's result ({@link Records}: its {@code processor} is not bcrypt): stored as its JSON, with
     * the id settled; its output's fields are the processor's, not checked here.
     */
    private static NewResult generic(JsonNode node, String id) throws BadRequestException {
        String processor = node.get(Records.PROCESSOR).textValue();
        if (!processor.matches("[a-z0-9-]{1,40}")) {
            throw new BadRequestException("\"processor\" is '" + (processor.length() > 40 ? processor.substring(0, 40) + "..." : processor)
                    + "': a processor's name is 1 to 40 lower-case letters, digits and -");
        }
        com.fasterxml.jackson.databind.node.ObjectNode stored = node.deepCopy();
        stored.put(Records.ID, id);
        return NewResult.generic(id, processor, Json.toString(stored));
    }

    /** {@code hash} when it is a bcrypt hash of {@code difficulty} (when given). */
    private static String checkHash(String name, String hash, Integer difficulty) throws BadRequestException {
        String problem = Limits.hashProblem(name, hash, difficulty);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        return hash;
    }

    /** The id of the {@value DbApiContract#IDEMPOTENCY_KEY} header, decoded and checked. */
    private static String headerId(String header) throws BadRequestException {
        String id;
        try {
            id = DbApiContract.decodeKey(header);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return checkId(DbApiContract.IDEMPOTENCY_KEY + " header", id);
    }

    private static String optionalId(JsonNode node) throws BadRequestException {
        JsonNode value = node.get(DbApiContract.FIELD_ID);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException("\"id\" must be a string, not " + value.getNodeType());
        }
        return checkId("\"id\"", value.textValue());
    }

    private static String checkId(String name, String id) throws BadRequestException {
        String problem = Limits.idProblem(name, id);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        return id;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
