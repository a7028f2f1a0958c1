package io.hashpipe.hasher.internals;

/**
 * A worker's answer for one job: the output (a result or a dead letter), or the error that stops the stage
 * (a {@link OutOfMemoryError} or another {@link VirtualMachineError} but a stack overflow).
 */
record Completion(PartitionState partition, long offset, Output output, Throwable failure) {
}
