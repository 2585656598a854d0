package dev.scatter.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IndexRangesTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = ';', value = {
            "4; 4",
            "1-3,7,9-10; 1-3,7,9-10",
            "20-40:10; 20,30,40",
            "1-9:2; 1,3,5,7,9",
            "9,1,5-6,5; 1,5-6,9",
            "0-5; 0-5"})
    void readsNumbersRangesAndSteppedRangesAndWritesConsecutiveRuns(String text, String runs) {
        assertThat(IndexRanges.format(IndexRanges.parse(text))).isEqualTo(runs);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"5-3", "1-9:0", "-2", "a", "1,,2", "1-", "3:2:1", "1-2-3"})
    void refusesWhatIsNotAListOfNumbers(String text) {
        assertThatThrownBy(() -> IndexRanges.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(IndexRanges.tryParse(text)).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' is beyond 3, found before expanding")
    @CsvSource(delimiter = ';', value = {"1-2147483647; 2147483647", "4; 4", "1,2-9:3; 9", "2147483647-2147483647; 2147483647"})
    void aBoundRefusesTheFirstNumberAboveItWithoutExpandingTheRange(String text, long beyond) {
        assertThatThrownBy(() -> IndexRanges.parse(text, 3)).isInstanceOf(IndexRanges.BeyondException.class)
                .extracting(e -> ((IndexRanges.BeyondException) e).number()).isEqualTo(beyond);
        assertThat(IndexRanges.parse("1-3", 3)).containsExactly(1, 2, 3);
    }

    @ParameterizedTest(name = "blank ''{0}''")
    @ValueSource(strings = {"", " "})
    void blankIsNoNumbersForTheLedgerAndNothingForTheUser(String text) {
        assertThat(IndexRanges.parse(text)).isEmpty();
        assertThat(IndexRanges.tryParse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void runsAreTheConsecutiveStretches() {
        assertThat(IndexRanges.runs(List.of(9, 3, 4, 5, 7))).containsExactly(new int[] {3, 5}, new int[] {7, 7}, new int[] {9, 9});
        assertThat(IndexRanges.runs(List.of(4, 3, 4, 7, 3, 5))).containsExactly(new int[] {3, 5}, new int[] {7, 7});
        assertThat(IndexRanges.format(List.of(2, 2, 1))).isEqualTo("1-2");
        assertThat(IndexRanges.runs(List.of())).isEmpty();
    }
}
