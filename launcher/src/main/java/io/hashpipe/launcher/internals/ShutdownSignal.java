package io.hashpipe.launcher.internals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C / SIGTERM into a clean stop: the JVM's shutdown hook runs {@code onSignal} (which tells the
 * service to stop), then waits for the command to say it has finished closing, so that open transactions,
 * offsets and database writes are completed before the JVM exits.
 */
public final class ShutdownSignal implements AutoCloseable {

    /** How long the hook waits for the command to finish closing before the JVM exits anyway. */
    private static final long GRACE_SECONDS = 30;

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
}
