package io.hashpipe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a bench ran on, for the report: cores, CPU model, memory, OS, and the JVM with its options.
 *
 * @param cores the available processors (what the ideal divides by)
 */
public record Machine(int cores, String cpu, long memoryBytes, String os, String jvm) {

    /** This machine. */
    public static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel().orElse(System.getProperty("os.arch")),
                memory, System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                currentJvm());
    }

    /** The JVM and the options it was started with (a JIT setting changes the figures). */
    private static String currentJvm() {
        String vm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return options.isEmpty() ? vm : vm + " " + String.join(" ", options);
    }

    /** One line: {@code 2 cores (AMD EPYC ...), 24.0 GiB, Linux ..., OpenJDK ...}. */
    public String describe() {
        return String.format("%d cores (%s), %.1f GiB, %s, %s", cores, cpu, memoryBytes / (double) (1L << 30), os, jvm);
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux: the architecture stands in
        }
    }
}
