package io.hashpipe.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile checked without building it (no Docker engine here): its dependency layer copies every
 * module's pom, the runtime runs as a non-root user, and the jar is where the compose file expects it.
 */
class DockerfileTest {

    private static String dockerfile() throws IOException {
        return Files.readString(ComposeFile.root().resolve("Dockerfile"));
    }

    private static List<String> modules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ComposeFile.root().resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    @Test
    void dependencyLayerCopiesEveryModulesPomBeforeTheSources() throws IOException {
        String dockerfile = dockerfile();
        int sources = dockerfile.indexOf("COPY . .");
        assertTrue(sources > 0, "the sources are copied after the dependency layer");
        for (String module : modules()) {
            int pom = dockerfile.indexOf("COPY " + module + "/pom.xml " + module + "/");
            assertTrue(pom > 0 && pom < sources, () -> "the Dockerfile copies " + module + "/pom.xml before the sources;"
                    + " without it the dependency layer cannot resolve the reactor");
        }
    }

    @Test
    void runtimeRunsTheLauncherJarAsANonRootUser() throws IOException {
        String runtime = dockerfile().substring(dockerfile().lastIndexOf("FROM "));
        assertTrue(runtime.matches("(?s).*\\nUSER (?!root)\\S+.*"), "the runtime stage switches to a non-root user");
        assertTrue(runtime.contains("ENTRYPOINT [\"java\", \"-jar\", \"" + ComposeFile.JAR + "\"]"),
                "the entrypoint runs the jar the compose file names");
        assertTrue(runtime.contains("curl"), "the compose healthchecks use curl");
    }
}
