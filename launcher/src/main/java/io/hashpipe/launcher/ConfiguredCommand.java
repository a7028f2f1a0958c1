package io.hashpipe.launcher;

/**
 * A command whose options are its module's config keys ({@code BenchConfig}, ...), installed through {@link
 * io.hashpipe.cli.ConfigOptions#addOwnTo} as a service command's are: one flag, env variable, default and doc
 * per key. {@link Main} calls {@link #installOwnOptions} once, before parsing.
 */
interface ConfiguredCommand {
    void installOwnOptions();
}
