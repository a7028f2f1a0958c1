package io.hashpipe.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hashpipe replay}: re-runs one stage over an existing topic with a fresh consumer group, to benchmark it. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-runs one stage over an existing topic with a fresh consumer group, to benchmark it.",
        subcommands = {ReplayHasherCommand.class})
final class ReplayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
