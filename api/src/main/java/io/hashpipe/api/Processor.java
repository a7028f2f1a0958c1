package io.hashpipe.api;

import java.util.Map;

/**
 * The user's CPU job, one task at a time: the worker stage runs {@link #process} on each task it consumes
 * and writes the output as the task's result, in the same Kafka transaction that commits the task. This is
 * the one stable interface of hashpipe; bcrypt, the reference workload, is a processor like any other.
 *
 * <p>A processor is found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.hashpipe.api.Processor}), on the class path or in a jar of the plugin directory,
 * and chosen by {@link #name()} with {@code --processor}. It needs a public no-argument constructor.
 *
 * <p>What happens to a task:
 * <ul>
 *   <li>{@link #process} returns: the output is the result, stored once by the saver;</li>
 *   <li>it throws {@link BadInputException}: the task goes to the dead-letter topic with the reason, at once
 *       (sending it again cannot help);</li>
 *   <li>it throws anything else (an {@link Exception} or a {@link RuntimeException}): the processor failed,
 *       not the input; the task is tried again a few times, then goes to the dead-letter topic with the
 *       exception as the reason, so that no task can stop its partition;</li>
 *   <li>it runs past the stage's time limit ({@link Task#deadline()}): the task goes to the dead-letter topic;
 *       the thread is interrupted and, if it does not return, left to finish on its own while a new one takes
 *       its place, so check {@link Thread#interrupted()} or the deadline in long loops.</li>
 * </ul>
 *
 * <p>Thread safety: one instance serves every worker thread of a stage at once; keep per-task state in
 * locals, or in {@link ThreadLocal}s.
 */
public interface Processor {

    /**
     * The name {@code --processor} chooses: 1 to 40 lower-case letters, digits and {@code -}, unique among the
     * processors found (e.g. {@code bcrypt}).
     */
    String name();

    /** One line for {@code hashpipe processors}: what it does with a task's input. */
    String description();

    /**
     * Called once before the first task, with the stage's settings for this processor.
     *
     * @throws IllegalArgumentException when a setting is invalid; the message names it and the rule
     */
    default void configure(ProcessorContext context) {
    }

    /**
     * Turns one task's input into its output. The output is a JSON object of JDK values ({@code String},
     * {@code Number}, {@code Boolean}, {@code List}, {@code Map}, {@code null}), written as the result's
     * JSON; the stage adds the task's {@code id}.
     *
     * @throws BadInputException when the input cannot be processed; the task goes to the dead letters
     * @throws Exception         when the processor failed; the task is tried again, then dead-lettered
     */
    Map<String, Object> process(Task task) throws Exception;

    /**
     * Checks an output against its task's input, for {@code hashpipe run} to verify what was stored
     * (bcrypt: the hash matches the password). {@link Verdict#notChecked()} by default.
     *
     * @param output the stored result, as the saver posted it (the task's id included)
     */
    default Verdict check(Task task, Map<String, Object> output) {
        return Verdict.notChecked();
    }
}
