package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
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
        PlainCli.Answer plain = PlainCli.run(Path.of("").toAbsolutePath(), args);
        assertThat(plain.exit()).as("exit of scatter %s", line).isEqualTo(quarkus.exitCode());
        assertThat(plain.out()).as("stdout of scatter %s", line).isEqualTo(PlainCli.lines(quarkus.getOutput()));
        assertThat(plain.err()).as("stderr of scatter %s", line).isEqualTo(PlainCli.lines(quarkus.getErrorOutput()));
    }

    @Test
    void theVersionIsThePoms() {
        assertThat(new ScatterCommand.Version().getVersion()[0]).matches("scatter \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?( \\(commit .*\\))?");
    }

    /** A real run through the plain entry: run, then gather in input order, then a usage error in that run. */
    @Test
    void runsAndGathers(@TempDir Path dir) throws Exception {
        assertThat(PlainCli.run(dir, "run", "--backend", "local", "--wait", "--range", "1..3", "--", "echo", "out {}").exit()).isZero();
        PlainCli.Answer gathered = PlainCli.run(dir, "gather");
        assertThat(gathered.exit()).isZero();
        assertThat(gathered.out()).isEqualTo("out 1\nout 2\nout 3");
        PlainCli.Answer bad = PlainCli.run(dir, "logs", "--entries", "7");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("scatter: ").hasLineCount(1);
    }
}
