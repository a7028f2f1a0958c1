package io.hashpipe.common;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a long-running service's Kafka answers: a daemon thread asks the cluster for its id every few seconds
 * (every {@value #CHECK_MILLIS} ms while it answers, backing off from 1 s to {@value #MAX_BACKOFF_MILLIS} ms while
 * it does not). It logs one line when Kafka stops answering, one when it answers again, and a reminder at most
 * every {@value #REMINDER_MILLIS} ms in between, in place of the clients' own connection warnings (quieted in
 * logback.xml). The service reports not ready while {@link #reachable()} is false, and waits in
 * {@link #awaitReachable} before its first request. The thread sleeps between checks: no CPU while waiting.
 */
public final class BrokerWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerWatch.class);
    static final long CHECK_MILLIS = 5_000;
    static final long MAX_BACKOFF_MILLIS = 10_000;
    static final long REMINDER_MILLIS = 30_000;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String address;
    private final String who;
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean reachable;
    private volatile boolean checked;
    private volatile RuntimeException fatal;
    private volatile boolean closed;

    /**
     * Starts watching.
     *
     * @param admin   closed with the watch
     * @param address the bootstrap servers, for the log lines
     * @param who     the service, e.g. {@code "Saver"}
     */
    public BrokerWatch(Admin admin, String address, String who) {
        this.admin = admin;
        this.address = address;
        this.who = who;
        this.thread = new Thread(this::watch, "hashpipe-broker-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether Kafka answered the last check. */
    public boolean reachable() {
        return reachable;
    }

    /**
     * Blocks until Kafka answers (true) or {@code stop} says so (false), checking {@code stop} every 100 ms.
     *
     * @throws FatalKafkaException when Kafka answered with an error retrying cannot fix (credentials)
     */
    public boolean awaitReachable(BooleanSupplier stop) {
        boolean answered;
        synchronized (lock) {
            while (!(checked && reachable) && fatal == null && !stop.getAsBoolean() && !closed) {
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            // read under the lock: a probe failing just after the loop must not turn "answered" into false
            // without a stop, which the caller would take for one
            answered = checked && reachable;
        }
        if (fatal != null) {
            throw fatal;
        }
        return answered && !stop.getAsBoolean();
    }

    private void watch() {
        long downSinceNanos = 0;
        long lastLineNanos = 0;
        long backoff = 1_000;
        while (!closed) {
            String failure = null;
            try {
                KafkaClients.reachable(admin, PROBE_TIMEOUT, address);
            } catch (FatalKafkaException e) {
                log.error("{}", e.getMessage());
                fatal = e;
                signal(false);
                return;
            } catch (RuntimeException e) {
                failure = e instanceof BrokerUnreachableException ? e.getCause() == null ? e.getMessage() : String.valueOf(e.getCause().getMessage()) : e.toString();
            }
            long now = System.nanoTime();
            if (closed) {
                return;
            }
            if (failure == null) {
                if (!reachable && checked) {
                    log.info("{}: Kafka at {} answers again after {} s", who, address, TimeUnit.NANOSECONDS.toSeconds(now - downSinceNanos));
                }
                backoff = 1_000;
                signal(true);
                sleep(CHECK_MILLIS);
            } else {
                if (reachable || !checked) {
                    downSinceNanos = now;
                    lastLineNanos = now;
                    log.warn("{}: Kafka does not answer at {} (--bootstrap-servers): {}; waiting for it, not ready, retrying with backoff",
                            who, address, failure);
                } else if (now - lastLineNanos >= TimeUnit.MILLISECONDS.toNanos(REMINDER_MILLIS)) {
                    lastLineNanos = now;
                    log.warn("{}: Kafka at {} (--bootstrap-servers) still does not answer after {} s; waiting", who, address,
                            TimeUnit.NANOSECONDS.toSeconds(now - downSinceNanos));
                }
                signal(false);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void signal(boolean answered) {
        synchronized (lock) {
            reachable = answered;
            checked = true;
            lock.notifyAll();
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // close() interrupts the sleep; the loop checks closed
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(PROBE_TIMEOUT.toMillis() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(1));
    }
}
