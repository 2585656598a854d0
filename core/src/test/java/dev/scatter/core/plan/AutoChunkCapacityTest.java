package dev.scatter.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.resources.Resources;
import dev.scatter.core.run.AttemptSpec;
import dev.scatter.core.run.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.LiveView;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoChunkCapacityTest {

    /** A backend that only knows how many tasks fit at once. */
    private record Sized(int slots) implements Backend {
        @Override public String name() { return "sized"; }
        @Override public void check(Resources resources) { }
        @Override public List<String> scriptHeader(RunSpec s, AttemptSpec a, AttemptDir d) { return List.of(); }
        @Override public List<String> describeLaunch(RunSpec s, AttemptSpec a, AttemptDir d) { return List.of(); }
        @Override public void start(RunDir run, AttemptDir attempt, Progress progress) { }
        @Override public LiveView live(RunDir run) { return null; }
        @Override public void cancel(RunDir run, AttemptDir attempt, Set<Integer> tasks) { }
        @Override public OptionalInt capacity(Path workdir, Resources r) { return OptionalInt.of(slots); }
    }

    @ParameterizedTest(name = "{0} entries, {1} slots -> chunk {2}")
    @CsvSource({"2000, 8, 63", "10000, 2, 1250", "100, 64, 1", "7, 2, 1"})
    void keepsEachSlotToAFewTasks(int entries, int slots, int chunk) {
        assertThat(AutoChunk.forBackend(new Sized(slots), Path.of("/tmp"), entries, Resources.defaults())).isEqualTo(chunk);
    }
}
