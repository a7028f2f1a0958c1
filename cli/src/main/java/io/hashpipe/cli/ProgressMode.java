package io.hashpipe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a progress display writes to standard error: redrawn in place ({@code \r}) on a terminal, a plain line
 * every few seconds into a file, a pipe or CI's log. {@link #AUTO} asks whether standard error itself is a
 * terminal: {@code System.console()} answers for standard input and output, so {@code 2> run.log} would
 * otherwise get one long line of {@code \r} updates.
 */
public enum ProgressMode {
    /** {@link #TERMINAL} when standard error is a terminal, {@link #LINES} otherwise. */
    AUTO,
    /** Redrawn in place. */
    TERMINAL,
    /** A plain line every few seconds. */
    LINES;

    /** Where Linux shows what file descriptor 2 is. */
    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    /** Whether to redraw in place. */
    public boolean redraw() {
        return switch (this) {
            case AUTO -> stderrIsTerminal();
            case TERMINAL -> true;
            case LINES -> false;
        };
    }

    /**
     * Whether standard error is a terminal: on Linux, whether fd 2 is a tty device; elsewhere (no {@code /proc}),
     * whether the JVM has a console, the best the JDK tells.
     */
    public static boolean stderrIsTerminal() {
        if (Files.isSymbolicLink(STDERR_LINK)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(STDERR_LINK).toString());
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }

    /** Whether {@code device} (what fd 2 links to) names a terminal: a pseudo-terminal or a tty. */
    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }
}
