package dev.scatter.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.spi.BackendLimits;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoChunkCapacityTest {

    @ParameterizedTest(name = "{0} entries, {1} slots -> chunk {2}")
    @CsvSource({"2000, 8, 63", "10000, 2, 1250", "100, 64, 1", "7, 2, 1"})
    void keepsEachSlotToAFewTasks(int entries, int slots, int chunk) {
        assertThat(AutoChunk.chunk(entries, new BackendLimits(OptionalInt.empty(), OptionalInt.of(slots)))).isEqualTo(chunk);
    }

    @ParameterizedTest(name = "{0} entries, MaxArraySize {1}, {2} slots -> chunk {3}")
    @CsvSource({"2500, 1001, 10000, 3", "2500, 1001, 8, 79", "100000, 1001, 2000, 100"})
    void takesTheLargerOfWhatTheArrayAndTheSlotsNeed(int entries, int maxArraySize, int slots, int chunk) {
        assertThat(AutoChunk.chunk(entries, new BackendLimits(OptionalInt.of(maxArraySize), OptionalInt.of(slots)))).isEqualTo(chunk);
    }

    @org.junit.jupiter.api.Test
    void aFixedChunkNeverAsksTheBackend() {
        assertThat(AutoChunk.resolve(dev.scatter.core.model.ChunkSize.of(7), 100, () -> {
            throw new AssertionError("asked the backend for a fixed chunk");
        })).isEqualTo(7);
    }
}
