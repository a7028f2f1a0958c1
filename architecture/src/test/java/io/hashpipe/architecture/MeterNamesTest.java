package io.hashpipe.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.dbapi.DbApiMeters;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.operations.ExporterMeters;
import io.hashpipe.producer.ProducerMeters;
import io.hashpipe.saver.SaverMeters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Meter names come from the services' published classes ({@code HasherMeters}, {@code SaverMeters}, ...):
 * no Java source, production or test, spells one as a string literal, in Micrometer's dotted form or in
 * Prometheus's ({@code hashpipe_saver_stored_total}). A source check, because javac copies constants into
 * the classes that use them, so the compiled classes cannot tell a constant from a literal.
 */
class MeterNamesTest {

    private static final List<Class<?>> METERS =
            List.of(HasherMeters.class, SaverMeters.class, DbApiMeters.class, ProducerMeters.class, ExporterMeters.class);
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    @Test
    void noSourceSpellsAPublishedMeterName() throws IOException {
        List<String> names = meterNames();
        assertTrue(names.size() >= 20, "the published names: " + names);
        List<String> violations = new ArrayList<>();
        for (Path source : sources(repositoryRoot())) {
            String text = Files.readString(source);
            Matcher literal = STRING_LITERAL.matcher(text);
            while (literal.find()) {
                for (String name : names) {
                    if (spells(literal.group(1), name)) {
                        int line = (int) text.substring(0, literal.start()).chars().filter(c -> c == '\n').count() + 1;
                        violations.add(source + ":" + line + ": \"" + literal.group(1) + "\" spells " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "read meter names from the *Meters classes (tests: testkit's PrometheusNames)");
    }

    @Test
    void theCheckFindsADottedNameAndAPrometheusSeries() {
        assertTrue(spells("hashpipe.saver.stored", SaverMeters.STORED));
        assertTrue(spells("rate(hashpipe_saver_stored_total[1m])", SaverMeters.STORED));
        assertTrue(!spells("hashpipe.saver.stored.by.hand", SaverMeters.STORED) && !spells("hashpipe.hashes", HasherMeters.HASHES));
    }

    /** Whether {@code literal} is the dotted {@code name} or holds its Prometheus series (with any suffix). */
    private static boolean spells(String literal, String name) {
        if (literal.equals(name)) {
            return true;
        }
        String series = name.replace('.', '_');
        return Pattern.compile("(?<![a-z0-9_])" + Pattern.quote(series) + "(?![a-z0-9])").matcher(literal).find();
    }

    /** Every published name: the String constants of the *Meters classes that start with {@code hashpipe.}. */
    private static List<String> meterNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> meters : METERS) {
            for (Field field : meters.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    try {
                        String value = (String) field.get(null);
                        if (value.startsWith("hashpipe.")) {
                            names.add(value);
                        }
                    } catch (IllegalAccessException e) {
                        throw new AssertionError("public constant not readable: " + field, e);
                    }
                }
            }
        }
        return names;
    }

    /** The Java sources of every module, except the *Meters classes that define the names and this module's. */
    private static List<Path> sources(Path root) throws IOException {
        Path self = root.resolve("architecture");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/") || p.toString().contains("/src/test/java/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.getFileName().toString().endsWith("Meters.java"))
                    .filter(p -> !p.startsWith(self))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The repository root: the first directory above this module that holds the parent pom's modules. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("hasher")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
