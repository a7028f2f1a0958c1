package io.hashpipe.launcher;

import io.hashpipe.common.KafkaClients;
import io.hashpipe.operations.DeadLetterListing;
import io.hashpipe.operations.DeadLetterView;
import io.hashpipe.operations.KafkaAccess;
import io.hashpipe.operations.Redrive;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hashpipe dead-letters list}: every dead letter of a topic with its reasons, and a count per error class. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Prints a dead-letter topic's records with their reasons.",
        description = {"Prints every record of a dead-letter topic up to its end now: partition@offset, key, error class, the"
            + " topic/partition@offset it came from, the stage's details (HTTP status, attempts), the redrive count, whether"
            + " the redrive group has sent it back already, and the reason; then a count per error class. Moves no offset."})
final class DeadLettersListCommand extends KafkaToolCommand {

    @Option(names = "--topic", required = true, paramLabel = "<topic>",
            description = "The dead-letter topic, e.g. hashpipe.hashes.dlq or hashpipe.tasks.dlq.")
    String topic;

    @Option(names = "--group", paramLabel = "<group>",
            description = "The redrive group whose committed offsets mark what was sent back; default hashpipe-redrive-<topic>.")
    String group;

    @Option(names = "--json", description = "One JSON object per dead letter instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        KafkaAccess config = kafka().reachable();
        Map<Integer, Long> redriven;
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            redriven = DeadLetterListing.redriven(admin, group == null ? Redrive.defaultGroup(topic) : group, topic);
        }
        Map<String, Integer> byClass = new TreeMap<>();
        long count = DeadLetterListing.read(config, topic, record -> {
            DeadLetterView letter = DeadLetterView.of(record);
            boolean sentBack = record.offset() < redriven.getOrDefault(record.partition(), 0L);
            byClass.merge(letter.errorClass(), 1, Integer::sum);
            if (json) {
                DeadLetterListing.printJson(out, letter, sentBack);
            } else {
                DeadLetterListing.printText(out, letter, sentBack);
            }
        });
        if (!json) {
            out.printf("%s: %,d dead letter(s)%s%n", topic, count, byClass.isEmpty() ? "" : "; by class " + byClass);
        }
        out.flush();
        return 0;
    }
}
