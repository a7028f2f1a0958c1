package io.hashpipe.hasher.internals;

import io.hashpipe.common.offsets.OffsetWindow;

/**
 * A worker's answer for one job: the output (a result or a dead letter), or the error that stops the stage
 * (a {@link OutOfMemoryError} or another {@link VirtualMachineError} but a stack overflow).
 */
record Completion(OffsetWindow<Output> window, long offset, Output output, Throwable failure) {
}
