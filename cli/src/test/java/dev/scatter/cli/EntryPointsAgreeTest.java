package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM launcher's entry ({@link ScatterMain}, no Quarkus runtime) and Quarkus' (the native image's,
 * and every other test's) answer a command line alike: the same exit code, stdout and stderr. The
 * plain entry runs as users start it, in a JVM of its own; the Quarkus one through its test launcher.
 */
@QuarkusMainTest
class EntryPointsAgreeTest {

    /** Command lines that write nothing, each as one string split at spaces. */
    @ParameterizedTest
    @ValueSource(strings = {"--version", "--help", "statsu", "run --help", "help gather", "status 999",
            "run -i no-such-file.txt -- echo", "run --range 1..3 --mem lots -- echo", "run --range 1..3 --bogus -- echo",
            "logs 999 --entries x", "config"})
    void sameAnswer(String line, QuarkusMainLauncher launcher) throws Exception {
        String[] args = line.split(" ");
        LaunchResult quarkus = launcher.launch(args);
        Answer plain = plain(Path.of("").toAbsolutePath(), args);
        assertThat(plain.exit()).as("exit of scatter %s", line).isEqualTo(quarkus.exitCode());
        assertThat(plain.out()).as("stdout of scatter %s", line).isEqualTo(lines(quarkus.getOutput()));
        assertThat(plain.err()).as("stderr of scatter %s", line).isEqualTo(lines(quarkus.getErrorOutput()));
    }

    @Test
    void theVersionIsThePoms() {
        assertThat(new ScatterCommand.Version().getVersion()[0]).matches("scatter \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?( \\(commit .*\\))?");
    }

    /** A real run through the plain entry: run, then gather in input order, then a usage error in that run. */
    @Test
    void runsAndGathers(@TempDir Path dir) throws Exception {
        assertThat(plain(dir, "run", "--backend", "local", "--wait", "--range", "1..3", "--", "echo", "out {}").exit()).isZero();
        Answer gathered = plain(dir, "gather");
        assertThat(gathered.exit()).isZero();
        assertThat(gathered.out()).isEqualTo("out 1\nout 2\nout 3");
        Answer bad = plain(dir, "logs", "--entries", "7");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("scatter: ").hasLineCount(1);
    }

    record Answer(int exit, String out, String err) {
    }

    /** {@code scatter args} through {@link ScatterMain#main}, in a JVM of its own started in {@code dir}. */
    private static Answer plain(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ScatterMain.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("scatter-out", ".txt");
        Path err = Files.createTempFile("scatter-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("scatter %s ended", String.join(" ", args)).isTrue();
            return new Answer(p.exitValue(), lines(Files.readString(out, StandardCharsets.UTF_8)),
                    lines(Files.readString(err, StandardCharsets.UTF_8)));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Output as lines joined by \n, without the trailing line break (the Quarkus launcher's form). */
    private static String lines(String text) {
        return String.join("\n", text.strip().lines().toList());
    }
}
