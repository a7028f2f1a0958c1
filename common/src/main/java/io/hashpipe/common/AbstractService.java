package io.hashpipe.common;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of a {@link Service}, so that a service implements only {@link #startUp()} and
 * {@link #shutDown(Duration)} and reports what it is doing with {@link #running()}, {@link #waiting()},
 * {@link #finished()} and {@link #failed(Throwable)}.
 *
 * <p>Transitions are atomic (under one lock) and an invalid one is ignored (a service reporting RUNNING after it
 * was closed changes nothing). Listeners are called outside that lock, in the order of the transitions, each
 * change once, on the thread that made it or on one that made a later change meanwhile; a listener that throws
 * is logged and does not stop the others.
 *
 * <p>A service with a loop calls {@link #watchLoop} once started and {@link #turned()} on each turn: it is then
 * RUNNING while its loop turned within the stall threshold and its own condition holds, WAITING otherwise.
 */
public abstract class AbstractService implements Service {

    private static final Logger log = LoggerFactory.getLogger(AbstractService.class);
    /** The longest a loop may go without turning before its service is WAITING (a stalled loop). */
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(1);

    private final String name;
    private final Object lock = new Object();
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    /** Changes made and not yet told to the listeners, in order. */
    private final Queue<State[]> untold = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean telling = new AtomicBoolean();
    private final AtomicBoolean shutDownClaimed = new AtomicBoolean();
    /** Guarded by {@link #lock}. */
    private State state = State.CREATED;
    /** Guarded by {@link #lock}. */
    private Throwable failure;
    /** Whether {@link #startUp()} ran (so that there is something to shut down). */
    private volatile boolean startedUp;
    /** Open once {@link #startUp()} returned (or failed and what it opened was shut down): a close waits for it. */
    private final CountDownLatch startUpReturned = new CountDownLatch(1);
    /** The timeout of the first {@link #close(Duration)}, set before it waits for {@link #startUp()}; null before. */
    private volatile Duration closeRequested;
    /** The thread running {@link #startUp()}, while it runs: a close from it (a listener) cannot wait for it. */
    private volatile Thread startingThread;
    /** The service's own thread ({@link #startThread}), or null when it has none. */
    private volatile Thread ownThread;
    /** Under {@link #lock}: whether {@link #ownThread} has ended. */
    private boolean ownThreadEnded;
    /** Under {@link #lock}: whether the shutDown of a close has returned. */
    private boolean shutDownReturned;
    private volatile long lastTurnNanos;
    private volatile boolean everTurned;
    private volatile long stallAfterNanos = DEFAULT_STALL_AFTER.toNanos();
    private volatile BooleanSupplier ableToWork = () -> true;
    private volatile ScheduledExecutorService watcher;

    protected AbstractService(String name) {
        this.name = name;
    }

    /**
     * Opens the clients and starts the threads, on the caller of {@link #start()}. A service that can work once
     * this returns calls {@link #running()} in it; one whose thread gets there later calls it from there.
     * Whatever it throws fails the service, after {@link #shutDown} released what was opened.
     */
    protected abstract void startUp() throws Exception;

    /**
     * Stops the threads and closes the clients, within {@code timeout}; called once, by the first
     * {@link #close(Duration)} after {@link #startUp()} ran (also when the service failed, to release what it holds).
     * Never while {@link #startUp()} runs: a close meanwhile waits for it (within its timeout), and when it gave up
     * waiting, {@link #start()} calls this once {@link #startUp()} returned.
     */
    protected abstract void shutDown(Duration timeout) throws Exception;

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void start() {
        synchronized (lock) {
            if (state != State.CREATED) {
                throw new IllegalStateException(name + " cannot start: it is " + state + " (start() runs once, before close)");
            }
            startedUp = true; // under the lock with the change, so that a close from now on shuts down what startUp opens
            changeLocked(State.STARTING, null);
        }
        startingThread = Thread.currentThread();
        tell();
        try {
            startUp();
        } catch (Exception | Error e) {
            startingThread = null;
            failed(e);
            try {
                shutDownOnce(Duration.ofSeconds(10));
            } finally {
                startUpReturned.countDown();
            }
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(name + " could not start: " + e, e);
        }
        startingThread = null;
        startUpReturned.countDown();
        // A close that came while startUp ran did not shut down under it: what startUp opened is shut down now,
        // by that close when it is still waiting, else here (it gave up waiting within its timeout).
        Duration closeTimeout = closeRequested;
        if (closeTimeout != null && shutDownOnce(closeTimeout)) {
            stopUnlessThreadWorks();
        }
    }

    @Override
    public final State state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public final Optional<Throwable> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    @Override
    public final void addStateListener(StateListener listener) {
        listeners.add(listener);
    }

    @Override
    public final void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        transition(State.STOPPING, null);
        if (!startedUp) {
            transition(State.STOPPED, null);
            return;
        }
        synchronized (lock) {
            if (closeRequested == null) {
                closeRequested = timeout;
            }
        }
        if (startingThread == Thread.currentThread()) {
            return; // a close from startUp (a listener): start() shuts down once startUp returns
        }
        try {
            // Never under a running startUp: what it opens after a shutDown would stay open, the service STOPPED.
            if (!startUpReturned.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                log.warn("{} is still starting after {} ms; it stops once its start returns", name, timeout.toMillis());
                return;
            }
            if (shutDownOnce(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                stopUnlessThreadWorks();
            }
            if (Thread.currentThread() != ownThread) { // a close from its own thread (a listener): it ends after this returns
                awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the service's own thread, which runs {@code work}, from {@link #startUp()}. Its end sets the state unless
     * a close came first: returning is STOPPED for a job that {@code stopsOnItsOwn}, and FAILED for a service that
     * works until closed (a stop nobody asked for, e.g. an interrupt); throwing is FAILED either way. After a close
     * the service is STOPPED only once its shutDown returned and this thread ended: a thread that outlives the
     * close's timeout leaves the service STOPPING, never STOPPED while it still works.
     */
    protected final Thread startThread(String threadName, Runnable work, boolean stopsOnItsOwn) {
        Thread thread = new Thread(() -> runOwnThread(work, stopsOnItsOwn), threadName);
        ownThread = thread;
        thread.start();
        return thread;
    }

    private void runOwnThread(Runnable work, boolean stopsOnItsOwn) {
        try {
            work.run();
            if (closeRequested == null) {
                if (stopsOnItsOwn) {
                    finished();
                } else {
                    failed(new IllegalStateException(name + " stopped before it was closed"
                            + (Thread.currentThread().isInterrupted() ? " (its thread was interrupted)" : "")));
                }
            }
        } catch (Throwable e) {
            failed(e);
        } finally {
            boolean stop;
            synchronized (lock) {
                ownThreadEnded = true;
                stop = shutDownReturned;
            }
            if (stop) {
                transition(State.STOPPED, null);
            }
        }
    }

    /** A close's shutDown returned: STOPPED now, or once the service's own thread ends if it still works. */
    private void stopUnlessThreadWorks() {
        boolean stop;
        synchronized (lock) {
            shutDownReturned = true;
            stop = ownThread == null || ownThreadEnded;
        }
        if (stop) {
            transition(State.STOPPED, null);
        } else if (Thread.currentThread() != ownThread) {
            log.warn("{}'s thread still works after its close; it is STOPPED once that thread ends", name);
        }
    }

    /** Runs {@link #shutDown} unless another close did; returns whether this call ran it. */
    private boolean shutDownOnce(Duration timeout) {
        if (!shutDownClaimed.compareAndSet(false, true)) {
            return false;
        }
        ScheduledExecutorService current = watcher;
        if (current != null) {
            current.shutdown(); // not shutdownNow: a close from a listener on the watch's own thread would interrupt itself
        }
        try {
            shutDown(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("{} was interrupted while shutting down", name);
        } catch (Exception | Error e) {
            log.warn("{} did not shut down cleanly: {}", name, e.toString());
        }
        return true;
    }

    @Override
    public final boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!state.isTerminal()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** The service can do its job (from STARTING or WAITING); ignored in any other state. */
    protected final void running() {
        transition(State.RUNNING, null);
    }

    /** The service is started but cannot do its job now (from STARTING or RUNNING); ignored otherwise. */
    protected final void waiting() {
        transition(State.WAITING, null);
    }

    /** A one-shot job is done: STOPPING, then STOPPED. Ignored once stopped. */
    protected final void finished() {
        transition(State.STOPPING, null);
        transition(State.STOPPED, null);
    }

    /** The service stopped on {@code cause}: FAILED, keeping the cause. Ignored once stopped. */
    protected final void failed(Throwable cause) {
        transition(State.FAILED, cause);
    }

    /**
     * Watches the service's loop from now on: every {@code period} (and on each {@link #turned()}) the service is
     * RUNNING when its loop turned within {@code stallAfter} and {@code able} holds, WAITING otherwise; before the
     * first turn it stays STARTING.
     */
    protected final void watchLoop(Duration stallAfter, Duration period, BooleanSupplier able) {
        stallAfterNanos = stallAfter.toNanos();
        ableToWork = able;
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hashpipe-" + name + "-watch");
            thread.setDaemon(true);
            return thread;
        });
        watcher = executor;
        if (shutDownClaimed.get()) {
            executor.shutdownNow();
            return;
        }
        executor.scheduleWithFixedDelay(this::checkLoop, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One turn of the service's loop: it is working (see {@link #watchLoop}). */
    protected final void turned() {
        lastTurnNanos = System.nanoTime();
        everTurned = true;
        if (state() != State.RUNNING) {
            checkLoop();
        }
    }

    private void checkLoop() {
        if (!everTurned) {
            return;
        }
        try {
            boolean turnedLately = System.nanoTime() - lastTurnNanos <= stallAfterNanos;
            if (turnedLately && ableToWork.getAsBoolean()) {
                running();
                return;
            }
            if (!turnedLately && state() == State.RUNNING) {
                log.warn("{} is waiting: its loop has not turned for {} ms", name, TimeUnit.NANOSECONDS.toMillis(stallAfterNanos));
            }
            waiting();
        } catch (RuntimeException e) {
            log.warn("{}: checking its loop failed: {}", name, e.toString());
        }
    }

    private void transition(State next, Throwable cause) {
        synchronized (lock) {
            changeLocked(next, cause);
        }
        tell();
    }

    /** Makes the change when it is valid, with {@link #lock} held; the caller then calls {@link #tell()}. */
    private void changeLocked(State next, Throwable cause) {
        if (!state.isValidTransition(next)) {
            return;
        }
        State previous = state;
        state = next;
        if (next == State.FAILED) {
            failure = cause;
            log.error("{} failed: {}", name, String.valueOf(cause));
        } else {
            log.debug("{}: {} -> {}", name, previous, next);
        }
        untold.add(new State[] {next, previous});
        lock.notifyAll();
    }

    /** Tells the listeners every untold change, in order; one thread at a time. */
    private void tell() {
        while (!untold.isEmpty() && telling.compareAndSet(false, true)) {
            try {
                for (State[] change = untold.poll(); change != null; change = untold.poll()) {
                    for (StateListener listener : listeners) {
                        try {
                            listener.onChange(change[0], change[1]);
                        } catch (RuntimeException e) {
                            log.warn("{}: a state listener failed on {} -> {}: {}", name, change[1], change[0], e.toString());
                        }
                    }
                }
            } finally {
                telling.set(false);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (" + state() + ")";
    }
}
