package io.hashpipe.launcher;

import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.operations.Redrive;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hashpipe dead-letters redrive}: sends a dead-letter topic's records back to their topic, each once. */
@Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Sends dead letters back to their topic, each exactly once.",
        description = {"Sends the records of a dead-letter topic back to the topic they came from (--to), with their key, value and"
            + " original headers plus hashpipe.redrive.count, once the cause is fixed. A consumer group on the dead-letter"
            + " topic and a transactional producer send each record back exactly once, across crashes and runs. Stops at the"
            + " end offsets taken at the start, so that records dead-lettered again meanwhile wait for the next run."})
final class DeadLettersRedriveCommand extends KafkaToolCommand {

    @Option(names = "--from", required = true, paramLabel = "<topic>", description = "The dead-letter topic, e.g. hashpipe.hashes.dlq.")
    String from;

    @Option(names = "--to", paramLabel = "<topic>", description = "Where to send the records; default --from without its .dlq suffix.")
    String to;

    @Option(names = "--group", paramLabel = "<group>",
            description = "The consumer group that remembers what was sent back; default hashpipe-redrive-<from>.")
    String group;

    @Option(names = "--transactional-id", paramLabel = "<id>",
            description = "The producer's transactional id; default hashpipe-redrive-<from>, so that two runs cannot both send.")
    String transactionalId;

    @Option(names = "--max-records", defaultValue = "0", paramLabel = "<n>", description = "Send at most this many back; 0 = all.")
    long maxRecords;

    @Override
    public Integer call() {
        String target = to != null ? to : from.endsWith(".dlq") ? from.substring(0, from.length() - ".dlq".length()) : null;
        if (target == null || target.isBlank()) {
            throw new InvalidOptionException("Missing option --to: " + from + " does not end in .dlq, so its source topic cannot be derived");
        }
        if (target.equals(from)) {
            throw new InvalidOptionException("Invalid value " + target + " for option --to: it is the topic redriven from");
        }
        if (maxRecords < 0) {
            throw new InvalidOptionException("Invalid value " + maxRecords + " for option --max-records: Value must be at least 0");
        }
        Redrive.Plan plan = new Redrive.Plan(from, target, group != null ? group : Redrive.defaultGroup(from),
                transactionalId != null ? transactionalId : Redrive.PREFIX + from, maxRecords);
        Redrive.Outcome outcome = Redrive.run(kafka().reachable(), plan);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("hashpipe dead-letters redrive: sent %,d record(s) from %s back to %s (group %s)%s%n", outcome.sent(), from, target,
                plan.group(), outcome.skipped() == 0 ? "" : String.format("; %,d truncated dead letter(s) left where they are "
                        + "(their value was cut to fit the dead-letter topic, so they are not the records any more)", outcome.skipped()));
        out.flush();
        return 0;
    }
}
