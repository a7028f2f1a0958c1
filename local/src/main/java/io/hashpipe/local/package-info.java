/**
 * The one-JVM pipeline that {@code hashpipe run} and {@code hashpipe bench} share.
 *
 * <p>{@link io.hashpipe.local.LocalPipeline} wires an embedded broker, the database API, hashers and the saver in
 * one process (they still meet only through sockets); {@link io.hashpipe.local.LocalRun} is {@code hashpipe run}
 * without its command line, its options {@link io.hashpipe.local.RunConfig}'s keys;
 * {@link io.hashpipe.local.RunProgress} and {@link io.hashpipe.local.RunSummary} show and sum up a run from the
 * services' counters, in the words of its {@link io.hashpipe.local.RunWorkload};
 * {@link io.hashpipe.local.HashVerifier} checks every stored result against its task;
 * {@link io.hashpipe.local.ProcessorCalibration} measures a processor's rate on one thread. Depends on the
 * services' public faces, not on the command line.
 */
package io.hashpipe.local;
