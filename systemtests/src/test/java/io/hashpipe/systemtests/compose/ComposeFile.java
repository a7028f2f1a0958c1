package io.hashpipe.systemtests.compose;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's {@code docker-compose.yml} as the tests read it: per service, the hashpipe command line
 * it runs, its environment (with {@code ${NAME:-default}} resolved to the default, as on a host without an
 * .env file) and its placement settings. SnakeYAML resolves the {@code <<: *anchor} merges.
 */
public final class ComposeFile {

    /** Where the image puts the launcher's jar; the command line is what follows it. */
    public static final String JAR = "/app/hashpipe.jar";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    private final Map<String, Map<String, Object>> services;

    private ComposeFile(Map<String, Map<String, Object>> services) {
        this.services = services;
    }

    /** The repository root: the directory above the launcher module that holds docker-compose.yml. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @SuppressWarnings("unchecked")
    public static ComposeFile load() throws IOException {
        try (Reader in = Files.newBufferedReader(root().resolve("docker-compose.yml"))) {
            Map<String, Object> top = new Yaml().load(in);
            return new ComposeFile((Map<String, Map<String, Object>>) top.get("services"));
        }
    }

    /** A YAML file of the repository ({@code path} relative to its root), such as the Prometheus configuration. */
    public static Map<String, Object> yaml(String path) throws IOException {
        try (Reader in = Files.newBufferedReader(root().resolve(path))) {
            return new Yaml().load(in);
        }
    }

    /** Every service name. */
    public List<String> names() {
        return new ArrayList<>(services.keySet());
    }

    /** The services that run the hashpipe image (their image or build is this repository's). */
    public List<String> hashpipeServices() {
        return names().stream().filter(name -> services.get(name).containsKey("build")).toList();
    }

    public Map<String, Object> service(String name) {
        Map<String, Object> service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service " + name + " in docker-compose.yml");
        }
        return service;
    }

    /** The hashpipe arguments the service runs: its entrypoint after the jar, then its command. */
    public List<String> arguments(String name) {
        List<String> args = new ArrayList<>();
        List<String> entrypoint = strings(service(name).get("entrypoint"));
        int jar = entrypoint.indexOf(JAR);
        if (jar >= 0) {
            args.addAll(entrypoint.subList(jar + 1, entrypoint.size()));
        }
        args.addAll(strings(service(name).get("command")));
        return args;
    }

    /** The service's environment with compose's variables resolved to their defaults. */
    @SuppressWarnings("unchecked")
    public Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service(name).get("environment");
        if (raw instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> env.put(k, v == null ? "" : interpolate(v.toString())));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String[] kv = item.toString().split("=", 2);
                env.put(kv[0], kv.length > 1 ? interpolate(kv[1]) : "");
            }
        }
        return env;
    }

    /** {@code ${NAME:-default}} and {@code ${NAME-default}} become the default, {@code ${NAME}} empty, {@code $$} a dollar. */
    static String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return List.of(value.toString().trim().split("\\s+"));
    }
}
