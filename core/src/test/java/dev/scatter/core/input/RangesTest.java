package dev.scatter.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code A..B[:STEP]}, one rule for {@code --range} and {@code --param}. */
class RangesTest {

    private static List<String> range(String text) {
        return RangeInput.read(text).entries().stream().map(Entry::text).toList();
    }

    private static List<String> param(String value) {
        return GridInput.read(List.of("p=" + value)).entries().stream().map(Entry::text).toList();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "1..5        | 1 2 3 4 5",
            "0..10:5     | 0 5 10",
            "0..10:3     | 0 3 6 9",
            "3..1        | 3 2 1",
            "10..1:3     | 10 7 4 1",
            "-2..2:2     | -2 0 2",
            "7..7        | 7",
            "0.1..0.5:0.1 | 0.1 0.2 0.3 0.4 0.5",
            "0.10..0.30:0.05 | 0.10 0.15 0.20 0.25 0.30",
            "1..2:0.25   | 1.00 1.25 1.50 1.75 2.00",
            "0.5..-0.5:0.5 | 0.5 0.0 -0.5",
            "0..1:0.3    | 0.0 0.3 0.6 0.9"})
    void countsUpOrDownByTheStepSizeExactly(String text, String values) {
        List<String> expected = Arrays.asList(values.split(" "));
        assertThat(range(text)).containsExactlyElementsOf(expected);
        assertThat(param(text)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "1..x     | ' is not a range: write A..B[:STEP]'",
            "1..      | ' is not a range: write A..B[:STEP]'",
            "..5      | ' is not a range: write A..B[:STEP]'",
            "1...5    | ' is not a range: write A..B[:STEP]'",
            "a..z     | ' is not a range: write A..B[:STEP]'",
            "1..5:0   | ' has a step of 0'",
            "1..5:0.0 | ' has a step of 0'",
            "1..10:-1 | : the step is a size, the direction comes from A and B: write 1..10:1 or 10..1:1",
            "10..1:-3 | : the step is a size, the direction comes from A and B: write 10..1:3 or 1..10:3"})
    void refusesWhatIsNotARangeNamingTheValueAndTheForm(String text, String problem) {
        assertThatThrownBy(() -> RangeInput.read(text)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--range " + text + problem);
        assertThatThrownBy(() -> param(text)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--param p=" + text + problem);
    }

    @ParameterizedTest(name = "--param p={0} is a list")
    @CsvSource(delimiter = '|', value = {"../a.txt,../b.txt | ../a.txt ../b.txt", "data/x..y | data/x..y", "1.5 | 1.5"})
    void pathsWithTwoDotsStayValues(String value, String values) {
        assertThat(param(value)).containsExactlyElementsOf(Arrays.asList(values.split(" ")));
    }

    @ParameterizedTest(name = "--param p={0}")
    @CsvSource(delimiter = '|', value = {"1..3,10", "a,1..5"})
    void aRangeInsideAListIsRefused(String value) {
        assertThatThrownBy(() -> param(value)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--param p=" + value).hasMessageContaining("A..B[:STEP]");
    }
}
