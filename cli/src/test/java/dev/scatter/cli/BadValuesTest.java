package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values that used to give a wrong run quietly (issue 12): each is now one line naming the problem
 * and the fix, exit 2, nothing in the ledger; or one warning line, and the run goes on. The
 * command runs in this module's directory, where no run exists, so "nothing written" is checked on
 * .scatter/ there, and the warnings are checked with --dry-run, which writes nothing either.
 */
@QuarkusMainTest
class BadValuesTest {

    /** Two files of this module side by side, as a shell expands {@code --glob src/main/java/dev/scatter/cli/C*.java}. */
    private static final String FIRST = "src/main/java/dev/scatter/cli/CancelCommand.java";
    private static final String SECOND = "src/main/java/dev/scatter/cli/Cli.java";

    static Stream<Arguments> badValues() {
        return Stream.of(
                // a value with .. is a range, or an error: never one literal value
                Arguments.of(new String[] {"run", "--param", "k=1..x", "--", "echo", "{k}"},
                        "--param k=1..x is not a range: write A..B[:STEP]"),
                Arguments.of(new String[] {"run", "--param", "k=1..", "--", "echo", "{k}"},
                        "--param k=1.. is not a range: write A..B[:STEP]"),
                Arguments.of(new String[] {"run", "--param", "k=..5", "--", "echo", "{k}"},
                        "--param k=..5 is not a range: write A..B[:STEP]"),
                Arguments.of(new String[] {"run", "--param", "k=1..5:0", "--", "echo", "{k}"},
                        "--param k=1..5:0 has a step of 0"),
                Arguments.of(new String[] {"run", "--range", "1..5:0", "--", "echo"}, "--range 1..5:0 has a step of 0"),
                // the step is a size; the direction comes from A and B
                Arguments.of(new String[] {"run", "--range", "1..10:-1", "--", "echo"},
                        "--range 1..10:-1: the step is a size, the direction comes from A and B: write 1..10:1 or 10..1:1"),
                Arguments.of(new String[] {"run", "--param", "k=1..10:-2", "--", "echo", "{k}"},
                        "--param k=1..10:-2: the step is a size, the direction comes from A and B: write 1..10:2 or 10..1:2"),
                // a --param no placeholder uses would multiply every command
                Arguments.of(new String[] {"run", "--param", "k=1,2", "--param", "seed=1,2", "--", "echo", "{k}"},
                        "--param seed is used by no placeholder in the command: add {seed} to the command, or drop the --param"),
                Arguments.of(new String[] {"run", "--param", "seed=1,2", "--then", "echo {seed}", "--", "echo", "{#}"},
                        "--param seed is used by no placeholder in the command"),
                // every field of a SLURM time in range
                Arguments.of(new String[] {"run", "--range", "1..3", "-t", "1:99:99", "--", "echo"},
                        "--time '1:99:99' is not a time limit: 99 minutes"),
                Arguments.of(new String[] {"run", "--range", "1..3", "-t", "2-24", "--", "echo"},
                        "--time '2-24' is not a time limit: 24 hours"),
                Arguments.of(new String[] {"run", "--range", "1..3", "--task-time", "10:60", "--", "echo"},
                        "--task-time '10:60' is not a time limit: 60 seconds"),
                // --glob's pattern expanded by the shell: the other files became the command
                Arguments.of(new String[] {"run", "--glob", FIRST, SECOND, "--", "wc", "-l"},
                        "the shell expanded --glob's pattern before scatter saw it: quote it, e.g. --glob 'src/main/java/dev/scatter/cli/*.java'"),
                Arguments.of(new String[] {"run", "--glob", FIRST, SECOND, "wc", "-l"},
                        "the shell expanded --glob's pattern before scatter saw it"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void oneLineExitTwoNothingWritten(String[] args, String message, QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(args);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(2);
        assertThat(result.getErrorOutput()).startsWith("scatter: " + message);
        assertThat(result.getErrorOutput().strip().lines()).hasSize(1);
        assertThat(Files.exists(Path.of(".scatter", "runs", "1"))).isFalse();
    }

    @Test
    void decimalRangesAreExactAndKeepTheScaleWritten(QuarkusMainLauncher launcher) {
        LaunchResult tenths = launcher.launch("run", "--backend", "local", "--dry-run", "--param", "a=0.1..0.5:0.1", "--", "echo", "{a}");
        assertThat(tenths.exitCode()).as(tenths.getErrorOutput()).isZero();
        assertThat(tenths.getOutput()).contains("entries: 5 (grid a=0.1..0.5:0.1)")
                .contains("entry 3: echo 0.3\n");
        LaunchResult hundredths = launcher.launch("run", "--backend", "local", "--dry-run", "--param", "a=0.10..0.30:0.05", "--", "echo", "{a}");
        assertThat(hundredths.getOutput()).contains("entries: 5 (")
                .contains("entry 1: echo 0.10\n").contains("entry 2: echo 0.15\n");
    }

    @Test
    void aRangeCountsDownByItsStepSize(QuarkusMainLauncher launcher) {
        LaunchResult down = launcher.launch("run", "--backend", "local", "--dry-run", "--range", "10..1:3", "--", "echo", "{}");
        assertThat(down.exitCode()).as(down.getErrorOutput()).isZero();
        assertThat(down.getOutput()).contains("entries: 4 (range 10..1:3)")
                .contains("entry 1: echo 10\n").contains("entry 2: echo 7\n").contains("entry 3: echo 4\n");
    }

    @Test
    void anEntryAppendedForWantOfAPlaceholderIsAWarning(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("run", "--backend", "local", "--dry-run", "-i", "src/test/resources/two-lines.txt",
                "--", "echo {foo}");
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getErrorOutput().strip()).isEqualTo("scatter: warning: no placeholder in the command: each entry is"
                + " appended as its last argument ({} was assumed)");
        LaunchResult withPlaceholder = launcher.launch("run", "--backend", "local", "--dry-run", "-i",
                "src/test/resources/two-lines.txt", "--", "echo {} {foo}");
        assertThat(withPlaceholder.getErrorOutput()).isEmpty();
    }
}
