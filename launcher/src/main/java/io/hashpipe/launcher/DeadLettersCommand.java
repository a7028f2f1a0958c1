package io.hashpipe.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hashpipe dead-letters}: lists a dead-letter topic with the reasons, and sends its records back once the cause is fixed. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        header = "Lists dead letters with their reasons, and sends them back once the cause is fixed.",
        description = {"Lists the records of a dead-letter topic (hashpipe.tasks.dlq, hashpipe.hashes.dlq) with why each was"
            + " dead-lettered, and redrives them to the topic they came from once the cause is fixed. Pick one as a"
            + " subcommand."},
        subcommands = {DeadLettersListCommand.class, DeadLettersRedriveCommand.class})
final class DeadLettersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
