/**
 * The command-line plumbing every {@code hashpipe} command uses, and nothing of a service.
 *
 * <p>One flag, one environment variable ({@code HASHPIPE_...}), one default and one doc per config key
 * ({@link io.hashpipe.cli.ConfigOptions} over a Kafka {@code ConfigDef}, {@link io.hashpipe.cli.EnvDefaults},
 * {@link io.hashpipe.cli.HelpSections}); the Kafka client keys passed through ({@link io.hashpipe.cli.KafkaClientKeys});
 * what the shell sees ({@link io.hashpipe.cli.ExitCode}, {@link io.hashpipe.cli.ShutdownSignal},
 * {@link io.hashpipe.cli.InvalidOptionException}); progress on a terminal or in a log
 * ({@link io.hashpipe.cli.ProgressMode}, {@link io.hashpipe.cli.ProgressLog}); the logging filter of Kafka's noise.
 * Depends on picocli, Logback and {@code common}; the launcher's commands are built from it.
 */
package io.hashpipe.cli;
