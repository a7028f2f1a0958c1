package io.hashpipe.api;

import java.util.List;
import java.util.Map;

/**
 * A processor that does several tasks faster together than one by one (bcrypt interleaves up to three hashes
 * of one cost on one core). A worker thread takes up to {@link #maxBatch()} queued tasks with equal
 * {@link #batchKey}s and hands them over at once; a task that has no partner queued is processed alone at once,
 * never held back to wait for one.
 */
public interface BatchingProcessor extends Processor {

    /** The most tasks processed together, at least 1. */
    int maxBatch();

    /**
     * Tasks with equal keys may be processed together (bcrypt: the cost); {@code null} means this one never is.
     *
     * @throws BadInputException when the input is bad (the task goes to the dead letters, as from {@link #process})
     */
    Object batchKey(Task task) throws BadInputException;

    /**
     * The outputs of {@code tasks}, in their order. When it throws, the stage processes each task alone with
     * {@link #process}, so that one bad input does not take its partners to the dead letters.
     */
    List<Map<String, Object>> processBatch(List<Task> tasks) throws Exception;
}
