package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** scatter as the JVM launcher starts it: {@link ScatterMain} in a JVM of its own, on this module's class path. */
final class PlainCli {

    private PlainCli() {
    }

    /** What a command answered: its exit code, and stdout and stderr as lines joined by \n, without the last line break. */
    record Answer(int exit, String out, String err) {
    }

    /** {@code scatter args}, started in {@code dir}, with these JVM options. */
    static Answer run(Path dir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScatterMain.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("scatter-out", ".txt");
        Path err = Files.createTempFile("scatter-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("scatter %s ended", String.join(" ", args)).isTrue();
            return new Answer(p.exitValue(), lines(Files.readString(out, StandardCharsets.UTF_8)), lines(Files.readString(err, StandardCharsets.UTF_8)));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Answer run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, List.of(), args);
    }

    /** Output as lines joined by \n, without the trailing line break (the Quarkus test launcher's form). */
    static String lines(String text) {
        return String.join("\n", text.strip().lines().toList());
    }
}
