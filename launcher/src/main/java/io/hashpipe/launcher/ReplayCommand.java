package io.hashpipe.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hashpipe replay}: re-runs one stage over an existing topic with a fresh consumer group, to benchmark it. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        header = "Re-runs one stage over an existing topic and prints its throughput.",
        description = {"Re-runs one stage over an existing topic with a fresh consumer group and prints its throughput. Pick the stage"
            + " as a subcommand."},
        subcommands = {ReplayHasherCommand.class, ReplaySaverCommand.class})
final class ReplayCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
