package io.hashpipe.saver.internals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The extra request headers the saver sends with every request (authentication, tenant, API version), read
 * from {@code Name: value} lines given on the command line or in a file.
 *
 * <p>Values may be secrets: no message, log line or {@link #toString} here ever contains one; errors name
 * the line number and the header's name only. Immutable.
 */
public final class ExtraHeaders {

    /** Headers the HTTP client writes itself; setting them would break the framing or the routing. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer");

    /** One header. */
    public record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": [hidden]";
        }
    }

    private final List<Header> headers;

    private ExtraHeaders(List<Header> headers) {
        this.headers = List.copyOf(headers);
    }

    public static ExtraHeaders none() {
        return new ExtraHeaders(List.of());
    }

    /**
     * Parses {@code Name: value} lines (one header per line; blank lines and lines starting with {@code #} are
     * skipped), then appends the lines of {@code file} when it is not blank.
     *
     * @param where how to name the lines' origin in errors, e.g. {@code the --db-header values}
     * @throws IllegalArgumentException naming the line and the rule (never the value)
     */
    public static ExtraHeaders parse(String lines, String where, String file) {
        List<Header> headers = new ArrayList<>();
        addLines(headers, lines, where);
        if (file != null && !file.isBlank()) {
            String text;
            try {
                text = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the headers file " + file.strip() + ": " + e);
            }
            addLines(headers, text, "the headers file " + file.strip());
        }
        return new ExtraHeaders(headers);
    }

    public List<Header> list() {
        return headers;
    }

    /** Whether a header of that name (case-insensitive) is set. */
    public boolean has(String name) {
        return headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(name));
    }

    /** The names only, for a log line: {@code [Authorization, X-Tenant]}. */
    @Override
    public String toString() {
        return headers.stream().map(Header::name).toList().toString();
    }

    private static void addLines(List<Header> into, String text, String where) {
        if (text == null) {
            return;
        }
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            into.add(header(line, where + ", line " + (i + 1)));
        }
    }

    private static Header header(String line, String where) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(where + " is not 'Name: value'");
        }
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (!name.chars().allMatch(ExtraHeaders::tokenChar)) {
            throw new IllegalArgumentException(where + ": the header name must be letters, digits and !#$%&'*+-.^_`|~ only");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(where + ": " + name + " is set by the saver itself and cannot be given");
        }
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException(where + ": the value of " + name + " must be printable ASCII (no control characters)");
        }
        return new Header(name, value);
    }

    /** RFC 9110's tchar. */
    private static boolean tokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
