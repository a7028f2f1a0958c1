package io.hashpipe.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C / SIGTERM into a clean stop: the JVM's shutdown hook runs {@code onSignal} (which tells the
 * service to stop), then waits for the command to say it has finished closing, so that open transactions,
 * offsets and database writes are completed before the JVM exits.
 *
 * <p>The JVM then exits 128 + the signal's number (130 for SIGINT, 143 for SIGTERM) whatever the command
 * returns; {@link #exitCode()} gives the same number, so that what a command returns and reports agrees
 * with what the shell sees ({@link ExitCode}).
 */
public final class ShutdownSignal implements AutoCloseable {

    /** How long the hook waits for the command to finish closing before the JVM exits anyway. */
    private static final long GRACE_SECONDS = 30;
    /** The number of the first INT or TERM signal received, 0 before one. */
    private static final AtomicInteger received = new AtomicInteger();

    static {
        record("INT");
        record("TERM");
    }

    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Thread hook;

    private ShutdownSignal(Runnable onSignal) {
        this.hook = new Thread(() -> {
            signalled.set(true);
            onSignal.run();
            try {
                closed.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hashpipe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Installs the hook; {@link #close()} when the command has finished (normally or not). */
    public static ShutdownSignal onSignal(Runnable onSignal) {
        return new ShutdownSignal(onSignal);
    }

    /** Whether the process was asked to stop by a signal. */
    public boolean signalled() {
        return signalled.get();
    }

    /** The exit code of a stop by signal: 128 + the signal's number, {@link ExitCode#SIGINT} when it is unknown. */
    public int exitCode() {
        int signal = received.get();
        return signal == 0 ? ExitCode.SIGINT : 128 + signal;
    }

    /** The signal's name for messages: {@code Ctrl-C (SIGINT)} or {@code SIGTERM}. */
    public String signalName() {
        return exitCode() == ExitCode.SIGTERM ? "SIGTERM" : "Ctrl-C (SIGINT)";
    }

    /** The command has finished: lets a waiting hook return, or removes the hook when no signal came. */
    @Override
    public void close() {
        closed.countDown();
        if (!signalled.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is exiting already; the hook will find the latch open.
            }
        }
    }

    /**
     * Notes which signal came before the JVM's own handler starts the shutdown (it exits 128 + the number).
     * Where the JVM has no handler of its own (-Xrs), the signal is left alone.
     */
    private static void record(String name) {
        try {
            Signal signal = new Signal(name);
            SignalHandler[] previous = new SignalHandler[1];
            previous[0] = Signal.handle(signal, s -> {
                received.compareAndSet(0, s.getNumber());
                previous[0].handle(s);
            });
            if (previous[0] == SignalHandler.SIG_DFL || previous[0] == SignalHandler.SIG_IGN) {
                Signal.handle(signal, previous[0]);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            // No such signal here, or not ours to handle: the exit code is the JVM's all the same.
        }
    }
}
