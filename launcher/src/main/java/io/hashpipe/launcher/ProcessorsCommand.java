package io.hashpipe.launcher;

import io.hashpipe.hasher.Processors;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hashpipe processors}: what {@code --processor} can name, one line each. */
@Command(name = "processors", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Lists the processors --processor can name, one line each.",
        description = {"Lists the processors a hasher (worker) can run with --processor: those built in and those in the jars of"
            + " --plugin-path, one line each: name, description, and where it was found."})
final class ProcessorsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--plugin-path", defaultValue = "",
            description = "A directory of processor jars, as the hasher's --plugin-path.")
    String pluginPath;

    @Override
    public Integer call() {
        Map<String, Processors.Found> found = Processors.find(pluginPath);
        int width = found.keySet().stream().mapToInt(String::length).max().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        found.forEach((name, processor) -> out.printf("%-" + width + "s  %s  (%s)%n", name,
                processor.processor().description(), processor.source()));
        out.flush();
        return 0;
    }
}
