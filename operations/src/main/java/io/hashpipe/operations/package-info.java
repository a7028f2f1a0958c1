/**
 * What an operator runs against a live pipeline, through Kafka and HTTP only, as any client would.
 *
 * <p>How a tool reaches Kafka ({@link io.hashpipe.operations.KafkaAccess}, the keys every service spells the same);
 * the pipeline's status ({@link io.hashpipe.operations.PipelineStatus}, read by {@link io.hashpipe.operations.StatusWatch};
 * the groups' lag, {@link io.hashpipe.operations.GroupLag}); the dead letters
 * ({@link io.hashpipe.operations.DeadLetterListing}, {@link io.hashpipe.operations.DeadLetterView},
 * {@link io.hashpipe.operations.Redrive}); the lag exporter ({@link io.hashpipe.operations.LagExporter},
 * {@link io.hashpipe.operations.ExporterConfig}, its meter names in {@link io.hashpipe.operations.ExporterMeters}).
 * Depends on {@code common} and {@code management}, on no service and not on the command line.
 */
package io.hashpipe.operations;
