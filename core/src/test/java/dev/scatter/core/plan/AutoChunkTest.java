package dev.scatter.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoChunkTest {

    @ParameterizedTest(name = "{0} entries, MaxArraySize {1}, {2} array(s) -> chunk {3}")
    @CsvSource({
            "800, 1001, 1, 1",
            "1001, 1001, 1, 1",
            "1002, 1001, 1, 2",
            "2000, 1001, 1, 2",
            "100000, 1001, 1, 100",
            "100000, 1001, 4, 25",
            "2500, 1001, 3, 1",
            "0, 1001, 1, 1",
            "10, 1, 1, 10"})
    void shouldTakeTheSmallestChunkThatFitsTheArrays(int entries, int maxArraySize, int arrays, int chunk) {
        int c = AutoChunk.smallest(entries, maxArraySize, arrays);
        assertThat(c).isEqualTo(chunk);
        assertThat((entries + c - 1) / c).isLessThanOrEqualTo(maxArraySize * arrays);
    }
}
