package io.hashpipe.hasher.internals;

/**
 * A worker's answer for one job: the output, or the unexpected error (an {@link Error}) that stops the
 * hasher.
 */
record Completion(PartitionState partition, long offset, Output output, Throwable failure) {
}
