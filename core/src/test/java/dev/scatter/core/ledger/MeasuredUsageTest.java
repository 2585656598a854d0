package dev.scatter.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.TaskMeasurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredUsageTest {

    @TempDir
    Path dir;

    private static TaskMeasurement measured(long peak) {
        return new TaskMeasurement("sacct", "COMPLETED", "0:0", OptionalLong.of(peak), OptionalDouble.of(2.51),
                OptionalDouble.of(10), 1, "c1", Optional.of(Instant.parse("2026-12-06T15:52:41Z")),
                Optional.of(Instant.parse("2026-12-06T15:52:42Z")), Optional.of(Instant.parse("2026-12-06T15:52:52Z")));
    }

    @Test
    void aMeasurementComesBackAsItWasWrittenAndUnmeasuredFieldsStayEmpty() {
        AttemptDir attempt = new AttemptDir(dir, 1);
        TaskMeasurement unmeasured = new TaskMeasurement("qstat", "F", "", OptionalLong.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), 0, "", Optional.empty(), Optional.empty(), Optional.empty());
        MeasuredUsage.append(attempt, Map.of(0, measured(220717056L), 4, unmeasured));
        assertThat(MeasuredUsage.read(attempt)).isEqualTo(Map.of(0, measured(220717056L), 4, unmeasured));
    }

    @Test
    void aTornLineIsSkippedAndALaterLineForTheSameTaskWins() throws Exception {
        AttemptDir attempt = new AttemptDir(dir, 1);
        MeasuredUsage.append(attempt, Map.of(0, measured(1)));
        Files.writeString(MeasuredUsage.file(attempt), "{\"task\":1,\"sour", StandardOpenOption.APPEND);   // a killed writer
        MeasuredUsage.append(attempt, Map.of(0, measured(2)));
        assertThat(MeasuredUsage.read(attempt)).containsOnlyKeys(0);
        assertThat(MeasuredUsage.read(attempt).get(0).peakBytes()).hasValue(2);
    }

    @Test
    void noFileIsNothingMeasured() {
        assertThat(MeasuredUsage.read(new AttemptDir(dir, 1))).isEmpty();
    }
}
