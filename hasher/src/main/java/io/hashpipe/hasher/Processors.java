package io.hashpipe.hasher;

import io.hashpipe.api.Processor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the processors a worker stage can run: those on the class path ({@link ServiceLoader}; bcrypt and pbkdf2
 * are built in) and those in the jars of a plugin directory ({@code --plugin-path}), each listing its classes in
 * {@code META-INF/services/io.hashpipe.api.Processor} as {@link ServiceLoader} reads them. The jars of the
 * directory share one class loader below hashpipe's, so a plugin's own dependencies can sit beside it as jars.
 *
 * <p>Each call makes fresh instances: a stage configures its own.
 */
public final class Processors {

    /** Where a jar lists its processors. */
    static final String SERVICES = "META-INF/services/" + Processor.class.getName();
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");

    /** One processor found, and where: {@code class path} or the jar's path. */
    public record Found(Processor processor, String source) {
    }

    private Processors() {
    }

    /**
     * Every processor on the class path and in {@code pluginDir}'s jars, by name.
     *
     * @param pluginDir a directory of jars, or null or empty for the class path only
     * @throws ProcessorLoadException naming the jar and the class that could not be loaded, or two processors
     *                                of one name
     */
    public static Map<String, Found> find(String pluginDir) {
        Map<String, Found> found = new LinkedHashMap<>();
        try {
            for (Processor processor : ServiceLoader.load(Processor.class, Processors.class.getClassLoader())) {
                add(found, processor, "class path");
            }
        } catch (ServiceConfigurationError e) {
            throw new ProcessorLoadException("A processor on the class path cannot be loaded: " + e.getMessage(), false, e);
        }
        if (pluginDir != null && !pluginDir.isBlank()) {
            for (Found plugin : plugins(Path.of(pluginDir))) {
                add(found, plugin.processor(), plugin.source());
            }
        }
        return found;
    }

    /**
     * A fresh instance of the processor {@code name}.
     *
     * @throws ProcessorLoadException when none has that name (listing those found), or a plugin is broken
     */
    public static Processor load(String name, String pluginDir) {
        Map<String, Found> found = find(pluginDir);
        Found processor = found.get(name);
        if (processor == null) {
            throw new ProcessorLoadException("No processor named " + name + " (--processor, env HASHPIPE_PROCESSOR): found "
                    + String.join(", ", found.keySet()) + (pluginDir == null || pluginDir.isBlank()
                    ? "; a plugin's jar goes in the directory of --plugin-path" : " on the class path and in " + pluginDir),
                    true, null);
        }
        return processor.processor();
    }

    private static void add(Map<String, Found> found, Processor processor, String source) {
        String name;
        try {
            name = processor.name();
        } catch (RuntimeException e) {
            throw new ProcessorLoadException("Processor " + processor.getClass().getName() + " in " + source
                    + " failed in name(): " + e, false, e);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ProcessorLoadException("Processor " + processor.getClass().getName() + " in " + source + " is named '"
                    + name + "': a name is 1 to 40 lower-case letters, digits and -", false, null);
        }
        Found before = found.putIfAbsent(name, new Found(processor, source));
        if (before != null) {
            throw new ProcessorLoadException("Two processors are named " + name + ": " + before.processor().getClass().getName()
                    + " in " + before.source() + " and " + processor.getClass().getName() + " in " + source
                    + "; remove one jar from the plugin directory", false, null);
        }
    }

    private static List<Found> plugins(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ProcessorLoadException("The plugin directory " + dir + " (--plugin-path, env HASHPIPE_PLUGIN_PATH) is not"
                    + " a directory", true, null);
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new ProcessorLoadException("Cannot list the plugin directory " + dir + ": " + e.getMessage(), false, e);
        }
        URLClassLoader loader = new URLClassLoader("hashpipe-plugins", jars.stream().map(Processors::url).toArray(URL[]::new),
                Processors.class.getClassLoader());
        List<Found> found = new ArrayList<>();
        for (Path jar : jars) {
            for (String className : listed(jar)) {
                found.add(new Found(instantiate(loader, jar, className), jar.toString()));
            }
        }
        return found;
    }

    /** The class names {@code jar} lists in its services file, as ServiceLoader reads them ({@code #} comments). */
    private static List<String> listed(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(SERVICES);
            if (entry == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String name = line.replaceFirst("#.*", "").strip();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new ProcessorLoadException("The plugin jar " + jar + " cannot be read: " + e.getMessage(), false, e);
        }
    }

    private static Processor instantiate(ClassLoader loader, Path jar, String className) {
        String where = "Processor class " + className + " listed in " + jar + " (" + SERVICES + ")";
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ProcessorLoadException(where + " cannot be loaded: " + e
                    + "; is it in the jar, built for Java 17, with its dependencies beside it?", false, e);
        }
        if (!Processor.class.isAssignableFrom(type)) {
            throw new ProcessorLoadException(where + " does not implement " + Processor.class.getName()
                    + (type.getClassLoader() != loader ? "" : "; build it against hashpipe-api, and do not put hashpipe-api in the plugin directory"),
                    false, null);
        }
        try {
            return (Processor) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ProcessorLoadException(where + " has no public no-argument constructor", false, e);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null && e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw new ProcessorLoadException(where + " cannot be made: " + cause, false, cause);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
