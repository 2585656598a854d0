package dev.scatter.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedOutputCheckTest {

    private static List<String> warnings(String line) {
        return SharedOutputCheck.warnings(CommandTemplate.parse(List.of(line), List.of(), 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sort {} > out.txt", "python fit.py {} >out.txt", "run {} 2> err.log", "x {} > a/b.csv && y"})
    void warnsWhenEveryEntryTruncatesTheSameFile(String line) {
        assertThat(warnings(line)).hasSize(1).first().asString().contains("every entry writes to").contains("-{#}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sort {} > {.}.sorted", "echo {} >> all.txt", "cmd {} > /dev/null 2>&1", "cmd {} 2>&1",
            "awk '$1 > 3' {}", "cmd {} > \"$SCATTER_TMPDIR/x\"", "cmd {} > out-{#}.txt"})
    void staysQuietWhenTheTargetDiffersPerEntryOrIsShared(String line) {
        assertThat(warnings(line)).isEmpty();
    }
}
