package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gets one line naming the problem and the fix, exit 2, and nothing in the ledger.
 * The command runs in this module's directory, where no run exists, so "nothing written" is
 * checked on .scatter/ there.
 */
@QuarkusMainTest
class BadInputTest {

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(new String[] {"run", "-i", "no-such-file.txt", "--", "echo"}, "no such file"),
                Arguments.of(new String[] {"run", "-i", "src/test/resources/empty.txt", "--", "echo"}, "has no entries"),
                Arguments.of(new String[] {"run", "--range", "1..3", "--csv", "x.csv", "--", "echo"}, "two kinds of inputs"),
                Arguments.of(new String[] {"run", "--", "echo"}, "no inputs given"),
                Arguments.of(new String[] {"run", "--range", "1..3", "--", "echo", "{nope}", "{3}"}, "unknown placeholder {3}"),
                Arguments.of(new String[] {"run", "--param", "a=1,2", "--", "echo", "{b}"}, "unknown placeholder {b}"),
                Arguments.of(new String[] {"run", "--range", "1..3", "--mem", "lots", "--", "echo"}, "--mem 'lots' is not a memory size"),
                Arguments.of(new String[] {"run", "--range", "1..3", "-t", "abc", "--", "echo"}, "--time 'abc' is not a time limit"),
                Arguments.of(new String[] {"run", "--range", "1..3", "--chunk", "0", "--", "echo"}, "--chunk 0"),
                Arguments.of(new String[] {"run", "--range", "1..3", "-c", "100000", "--", "echo"}, "cpus per task but this machine has"),
                Arguments.of(new String[] {"run", "--range", "1..3"}, "no command given"),
                Arguments.of(new String[] {"run", "--range", "1..3", "--bogus", "--", "echo"}, "Unknown option: '--bogus'"),
                Arguments.of(new String[] {"status", "999"}, "no run '999'"),
                Arguments.of(new String[] {"gather", "999"}, "no run '999'"),
                Arguments.of(new String[] {"doctor", "--backend", "nope"}, "--backend nope is not known"),
                Arguments.of(new String[] {"doctor", "--probe", "--probe-timeout", "soon"}, "--probe-timeout 'soon' is not a time limit"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void oneLineExitTwoNothingWritten(String[] args, String message, QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(args);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).startsWith("scatter: ").contains(message);
        assertThat(result.getErrorOutput().strip().lines()).hasSize(1);
        assertThat(Files.exists(Path.of(".scatter", "runs", "1"))).isFalse();
    }
}
