/**
 * The measurements: {@code hashpipe bench} and the replays' machinery.
 *
 * <p>The bench runs the classic experiment's strategies (serial, batched, async, the Python async client) and
 * the pipeline ({@link io.hashpipe.bench.PipelineStrategy} over the {@code local} pipeline) on one task set
 * ({@link io.hashpipe.bench.BenchPlan}, {@link io.hashpipe.bench.BenchRunner}) and reports them as a table and
 * a chart ({@link io.hashpipe.bench.BenchReport}, {@link io.hashpipe.bench.BenchChart}). The replays' reports
 * ({@link io.hashpipe.bench.HasherReplayReport}, {@link io.hashpipe.bench.SaverReplayReport}) and their input
 * ({@link io.hashpipe.bench.ResultGenerator}) are here too. Depends on {@code local}, not on the command line.
 */
package io.hashpipe.bench;
