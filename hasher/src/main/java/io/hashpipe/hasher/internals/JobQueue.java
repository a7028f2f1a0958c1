package io.hashpipe.hasher.internals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The jobs waiting for a hashing thread, handed out in small groups of one cost: the oldest job, and the
 * next ones of its cost up to the group's size. A group is what is queued now: a job never waits for a
 * partner. Thread-safe.
 */
final class JobQueue {

    /** How far past the oldest job a group's partners are looked for, to bound the scan of a long mixed queue. */
    static final int SCAN = 64;

    private final ArrayDeque<Job> jobs = new ArrayDeque<>();

    synchronized void add(Job job) {
        jobs.add(job);
    }

    /** The oldest job and up to {@code max - 1} more of its cost, oldest first; empty when none is queued. */
    synchronized List<Job> takeGroup(int max) {
        Job first = jobs.poll();
        if (first == null) {
            return List.of();
        }
        List<Job> group = new ArrayList<>(max);
        group.add(first);
        int cost = first.task().difficulty();
        Iterator<Job> it = jobs.iterator();
        for (int scanned = 0; group.size() < max && scanned < SCAN && it.hasNext(); scanned++) {
            Job next = it.next();
            if (next.task().difficulty() == cost) {
                it.remove();
                group.add(next);
            }
        }
        return group;
    }

    /** Drops every queued job; returns how many. */
    synchronized int clear() {
        int dropped = jobs.size();
        jobs.clear();
        return dropped;
    }
}
