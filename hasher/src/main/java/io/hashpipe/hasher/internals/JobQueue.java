package io.hashpipe.hasher.internals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The jobs waiting for a worker thread, handed out in small groups of one batch key (bcrypt: one cost): the
 * oldest job, and the next ones with its key up to the group's size. A group is what is queued now: a job never
 * waits for a partner; a job whose key is null is always alone. Thread-safe.
 */
final class JobQueue {

    /** How far past the oldest job a group's partners are looked for, to bound the scan of a long mixed queue. */
    static final int SCAN = 64;

    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private boolean closed;

    synchronized void add(Job job) {
        jobs.add(job);
        notify();
    }

    /** The oldest job and up to {@code max - 1} more of its key, oldest first; empty when none is queued. */
    synchronized List<Job> takeGroup(int max) {
        Job first = jobs.poll();
        if (first == null) {
            return List.of();
        }
        List<Job> group = new ArrayList<>(max);
        group.add(first);
        Object key = first.batchKey();
        Iterator<Job> it = jobs.iterator();
        for (int scanned = 0; key != null && group.size() < max && scanned < SCAN && it.hasNext(); scanned++) {
            Job next = it.next();
            if (key.equals(next.batchKey())) {
                it.remove();
                group.add(next);
            }
        }
        return group;
    }

    /** {@link #takeGroup}, waiting for a job; empty once {@link #close}d. */
    synchronized List<Job> awaitGroup(int max) throws InterruptedException {
        while (jobs.isEmpty() && !closed) {
            wait();
        }
        return closed ? List.of() : takeGroup(max);
    }

    /** Drops every queued job; returns how many. */
    synchronized int clear() {
        int dropped = jobs.size();
        jobs.clear();
        return dropped;
    }

    /** Drops every queued job and wakes every waiting worker with nothing. */
    synchronized void close() {
        closed = true;
        jobs.clear();
        notifyAll();
    }
}
