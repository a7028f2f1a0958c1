package io.hashpipe.systemtests;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Malformed HTTP requests to the database API, of each class a scanner or a broken client sends, with the
 * status each must get: bodies that are not hashes, not bcrypt, of another cost, not UTF-8 or not strict
 * JSON, dates no database stores, keys that do not decode, batches too long or too large or of junk, paths
 * and ids no write could make, the admin endpoints without their token, and requests that are not HTTP/1.1
 * as the server reads it. Good writes are mixed in: other clients must be served meanwhile.
 */
final class RequestCorpus {

    /**
     * One request on a connection of its own.
     *
     * @param key     {@code <class>-<n>}
     * @param bytes   what is sent
     * @param status  the status it must get
     */
    record HttpCase(String key, byte[] bytes, int status) {
        @Override
        public String toString() {
            return key + " -> " + status;
        }
    }

    /** The class of good writes; their ids are their keys. */
    static final String GOOD = "good-write";

    private final Malformations m;
    private final List<HttpCase> cases = new ArrayList<>();

    private RequestCorpus(Malformations m) {
        this.m = m;
    }

    /** The corpus drawn from {@code m}'s seed. */
    static List<HttpCase> generate(Malformations m) {
        return new RequestCorpus(m).build();
    }

    private List<HttpCase> build() {
        add("junk-body", 20, 400, () -> post("/add", utf8(m.junk())));
        add("not-bcrypt", 15, 400, () -> post("/add", utf8(m.notBcrypt())));
        add("not-bcrypt-json", 10, 400, () -> post("/add", json("\"" + m.notBcrypt() + "\"", null)));
        add("no-such-cost", 5, 400, () -> post("/add", utf8(m.bcryptOfNoCost())));
        add("other-cost", 10, 400, () -> {
            int cost = 4 + m.random().nextInt(10);
            return post("/add", json("\"" + m.bcrypt(cost) + "\"", ",\"difficulty\":" + (cost + 1)));
        });
        add("not-utf8", 15, 400, () -> post("/add", m.withBadUtf8("{\"id\":\"a/b\",\"hash\":\"" + m.bcrypt(4).replace('/', '.') + "\"}", '/')));
        add("duplicate-key", 5, 400, () -> post("/add", json("\"" + m.bcrypt(4) + "\"", ",\"id\":\"other\"")));
        add("trailing-value", 5, 400, () -> post("/add", utf8(new String(json("\"" + m.bcrypt(4) + "\"", null), StandardCharsets.UTF_8) + " x")));
        add("lone-surrogate", 10, 400, () -> post("/add", json("\"" + m.bcrypt(4) + "\"", ",\"hasher\":\"h" + m.loneSurrogateEscape() + "\"")));
        add("far-hashed-at", 5, 400, () -> post("/add", json("\"" + m.bcrypt(4) + "\"",
                ",\"hashedAt\":\"+" + (10_000 + m.random().nextInt(300_000)) + "-01-01T00:00:00Z\"")));
        add("bad-idempotency-key", 12, 400, () -> post("/add", utf8(m.bcrypt(4)),
                "Idempotency-Key: " + List.of("%zz", "%0", "%00", "%07", "%C0%AF", "%ED%A0%80").get(m.random().nextInt(6))));
        add("array-to-add", 2, 400, () -> post("/add", utf8("[\"" + m.bcrypt(4) + "\"]")));
        add("empty-body", 2, 400, () -> post("/add", new byte[0]));
        add("batch-not-array", 3, 400, () -> post("/add/batch", json("\"" + m.bcrypt(4) + "\"", null)));
        add("batch-too-many", 1, 413, () -> post("/add/batch", utf8("[" + String.join(",", Collections.nCopies(80_000, "\"x\"")) + "]")));
        add("batch-too-large", 1, 413, () -> post("/add/batch", utf8("[\"" + "x".repeat(1 << 20) + "\"]")));
        add("batch-of-junk", 10, 200, () -> {
            List<String> items = new ArrayList<>();
            for (int i = 0, n = 5 + m.random().nextInt(45); i < n; i++) {
                items.add(m.random().nextBoolean() ? "\"" + m.junk() + "\"" : "{\"id\":\"junk-" + m.word(6) + "\",\"hash\":\"" + m.notBcrypt() + "\"}");
            }
            return post("/add/batch", utf8("[" + String.join(",", items) + "]"));
        });
        add("unknown-path", 5, 404, () -> get("/" + m.word(5)));
        add("wrong-method", 5, 405, () -> request("DELETE", "/add", new byte[0]));
        add("result-control-id", 5, 400, () -> get("/results/" + m.word(2) + List.of("%00", "%07", "%1F", "%7F").get(m.random().nextInt(4))));
        add("malformed-uri", 3, 400, () -> get("/results/%z" + m.word(1)));
        add("unknown-result", 5, 404, () -> get("/results/" + m.word(12)));
        add("admin-without-token", 3, 401, () -> get("/admin/settings"));
        add("admin-wrong-token", 3, 401, () -> request("PUT", "/admin/settings", utf8("{\"errorRate\": 1}"), "Authorization: Bearer " + m.word(10)));
        add("bad-content-length", 3, 400, () -> raw("POST /add HTTP/1.1\r\nHost: x\r\n"
                + List.of("Content-Length: -5\r\n", "Content-Length: abc\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n").get(m.random().nextInt(3)) + "\r\n"));
        add("header-too-large", 1, 431, () -> raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Junk: " + m.word(10_000) + "\r\n\r\n"));
        add("uri-too-long", 1, 414, () -> raw("GET /" + m.word(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        add("expect-other", 2, 417, () -> raw("POST /add HTTP/1.1\r\nHost: x\r\nExpect: " + m.word(6) + "\r\nContent-Length: 60\r\n\r\n"));
        add("expect-too-large", 1, 413, () -> raw("POST /add/batch HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2097152\r\n\r\n"));
        // Three words or more: Netty skips a first line of fewer as noise and waits for a request (then 408).
        add("not-http", 5, 400, () -> raw(m.word(3) + " " + m.word(4) + " " + m.junk() + "\r\n\r\n"));
        add(GOOD, 20, 200, () -> post("/add", utf8(m.bcrypt(4 + m.random().nextInt(8))), "Idempotency-Key: " + GOOD + "-" + goodCount()));
        Collections.shuffle(cases, m.random());
        return cases;
    }

    private int goodCount() {
        return (int) cases.stream().filter(c -> c.key().startsWith(GOOD)).count();
    }

    private void add(String caseClass, int count, int status, Supplier<byte[]> request) {
        for (int i = 0; i < count; i++) {
            cases.add(new HttpCase(caseClass + "-" + i, request.get(), status));
        }
    }

    private byte[] json(String hash, String more) {
        return utf8("{\"id\":\"req-" + m.word(8) + "\",\"hash\":" + hash + (more == null ? "" : more) + "}");
    }

    private static byte[] get(String path) {
        return raw("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    private static byte[] post(String path, byte[] body, String... headers) {
        return request("POST", path, body, headers);
    }

    private static byte[] request(String method, String path, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(head.toString()));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] raw(String text) {
        return utf8(text);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
