/**
 * The measurements: {@code hashpipe bench} and the replays' machinery.
 *
 * <p>The bench runs the classic experiment's strategies (serial, batched, async, the Python async client) and
 * the pipeline ({@link io.hashpipe.bench.PipelineStrategy} over the {@code local} pipeline) on one task set
 * ({@link io.hashpipe.bench.BenchPlan}, {@link io.hashpipe.bench.BenchRunner}) and reports them as a table and
 * a chart ({@link io.hashpipe.bench.BenchReport}, {@link io.hashpipe.bench.BenchChart}); {@link
 * io.hashpipe.bench.Bench} runs one from its options ({@link io.hashpipe.bench.BenchConfig}). The replays are here
 * too ({@link io.hashpipe.bench.HasherReplay}, {@link io.hashpipe.bench.SaverReplay}, their options in {@link
 * io.hashpipe.bench.ReplayConfig}, their group's progress in {@link io.hashpipe.bench.GroupProgress}), with their
 * reports ({@link io.hashpipe.bench.HasherReplayReport}, {@link io.hashpipe.bench.SaverReplayReport}) and input
 * ({@link io.hashpipe.bench.ResultGenerator}). Depends on {@code local}, not on the command line.
 */
package io.hashpipe.bench;
