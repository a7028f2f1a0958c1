/**
 * The surface users build against: {@link io.hashpipe.api.Processor}, the CPU job a worker stage runs on each
 * task, with {@link io.hashpipe.api.Task} (its input), {@link io.hashpipe.api.BadInputException} ("this input
 * is bad"), {@link io.hashpipe.api.Verdict} (a stored output checked against its input) and, for jobs that go
 * faster in groups, {@link io.hashpipe.api.BatchingProcessor}. It depends on nothing but the JDK, and changes
 * only compatibly within a major version.
 */
package io.hashpipe.api;
