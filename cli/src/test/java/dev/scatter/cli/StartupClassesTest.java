package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start through the JVM launcher's entry ({@link ScatterMain}) loads, by the JVM's own class
 * log: nothing of the Quarkus runtime or its log manager, none of the java.time and java.sql classes
 * that picocli's converters would load, and for {@code --version} no Jackson. Each of these was a
 * part of the start-up time bench/startup measures (issue 17); this holds them out without timing.
 */
class StartupClassesTest {

    private static final List<String> NEVER = List.of("io.quarkus.", "io.smallrye.", "org.jboss.", "jakarta.enterprise.",
            "org.eclipse.microprofile.", "java.sql.");

    @Test
    void versionLoadsNoRuntimeNoJacksonNoJavaTime(@TempDir Path dir) throws Exception {
        List<String> classes = classesLoaded(dir, "--version");
        assertThat(classes).contains(ScatterMain.class.getName());
        assertThat(classes).filteredOn(StartupClassesTest::never).isEmpty();
        assertThat(classes).filteredOn(c -> c.startsWith("com.fasterxml.") || c.startsWith("java.time.")).isEmpty();
    }

    @Test
    void statusOfARunLoadsNoRuntime(@TempDir Path dir) throws Exception {
        PlainCli.Answer run = PlainCli.run(dir, "run", "--backend", "local", "--wait", "--range", "1..2", "--", "true");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> classes = classesLoaded(dir, "status");
        assertThat(classes).contains(StatusCommand.class.getName(), "com.fasterxml.jackson.databind.ObjectMapper");
        assertThat(classes).filteredOn(StartupClassesTest::never).isEmpty();
    }

    /** The one Quarkus class allowed: the annotation on ScatterCommand, which reading its annotations loads. */
    private static boolean never(String className) {
        return NEVER.stream().anyMatch(className::startsWith) && !className.equals("io.quarkus.picocli.runtime.annotations.TopCommand");
    }

    /** The classes {@code scatter args} loads, from -Xlog:class+load, started in {@code dir}. */
    private static List<String> classesLoaded(Path dir, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("classes.log");
        PlainCli.Answer answer = PlainCli.run(dir, List.of("-Xlog:class+load=info:file=" + log), args);
        assertThat(answer.exit()).as(answer.err()).isZero();
        Pattern loaded = Pattern.compile("\\[class,load\\] (\\S+) source:");
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = loaded.matcher(line);
            if (m.find()) {
                classes.add(m.group(1));
            }
        }
        return classes;
    }
}
