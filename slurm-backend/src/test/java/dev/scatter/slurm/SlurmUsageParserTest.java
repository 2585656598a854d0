package dev.scatter.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scatter.core.BackendException;
import dev.scatter.core.grid.MeasuredTask;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.fixtures.Fixture;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** sacct's usage fields as captured from SLURM 22.05.8 (fixtures sacct_usage_states_done). */
class SlurmUsageParserTest {

    private static final Fixture DONE = Fixture.slurm("sacct_usage_states_done");

    private static Map<String, TaskMeasurement> measured(CommandResult r) {
        Map<String, TaskMeasurement> out = new LinkedHashMap<>();
        for (MeasuredTask t : SlurmUsageParser.parse(r)) {
            out.put(t.arrayId() + "_" + t.index(), t.usage());
        }
        return out;
    }

    @Test
    @DisplayName("the usage command is the one the fixture was captured with")
    void usageCommandIsTheCapturedOne() {
        assertThat(new SlurmScheduler().usageCommand(List.of("1"))).isEqualTo(DONE.argv());
    }

    @Test
    @DisplayName("reads COMPLETED, FAILED, memory-killed and TIMEOUT tasks with MaxRSS from their steps")
    void readsEveryEndedTask() {
        Map<String, TaskMeasurement> m = measured(DONE.result());
        assertThat(m).containsOnlyKeys("1_0", "1_1", "1_2", "1_3");

        TaskMeasurement completed = m.get("1_0");
        assertThat(completed.source()).isEqualTo("sacct");
        assertThat(completed.state()).isEqualTo("COMPLETED");
        assertThat(completed.exitCode()).isEqualTo("0:0");
        assertThat(completed.peakBytes()).hasValue(215544L * 1024);   // the .batch step's 215544K, not .extern's
        assertThat(completed.cpuSeconds().getAsDouble()).isCloseTo(2.510, within(1e-9));
        assertThat(completed.elapsedSeconds()).hasValue(10.0);
        assertThat(completed.cpus()).isEqualTo(1);
        assertThat(completed.nodes()).isEqualTo("c1");
        assertThat(completed.submit()).contains(LocalDateTime.parse("2026-12-06T15:52:41").atZone(ZoneId.systemDefault()).toInstant());
        assertThat(completed.start()).contains(LocalDateTime.parse("2026-12-06T15:52:42").atZone(ZoneId.systemDefault()).toInstant());
        assertThat(completed.end()).contains(LocalDateTime.parse("2026-12-06T15:52:52").atZone(ZoneId.systemDefault()).toInstant());
        assertThat(completed.cpuEfficiency().getAsDouble()).isCloseTo(0.251, within(1e-9));

        assertThat(m.get("1_1").state()).isEqualTo("FAILED");
        assertThat(m.get("1_1").exitCode()).isEqualTo("3:0");
        assertThat(m.get("1_1").peakBytes()).hasValue(10808L * 1024);

        // killed for memory without cgroups: FAILED 0:9 on the task, its .batch over --mem=400M (trap 1)
        assertThat(m.get("1_2").state()).isEqualTo("FAILED");
        assertThat(m.get("1_2").exitCode()).isEqualTo("0:9");
        assertThat(m.get("1_2").peakBytes()).hasValue(437392L * 1024);

        assertThat(m.get("1_3").state()).isEqualTo("TIMEOUT");
        assertThat(m.get("1_3").elapsedSeconds()).hasValue(83.0);
    }

    @Test
    @DisplayName("leaves out tasks sacct still lists as running, to ask again later")
    void leavesOutRunningTasks() {
        String running = DONE.stdout().replace("1_3|1|TIMEOUT|0:0", "1_3|1|RUNNING|0:0");
        assertThat(measured(DONE.withStdout(running))).containsOnlyKeys("1_0", "1_1", "1_2");
    }

    @Test
    @DisplayName("an empty MaxRSS (a very short step) or an unknown unit is not measured, and never throws")
    void oddSizesAreNotMeasured() {
        String odd = DONE.stdout().replace("|215544K|", "|12Q|").replace("|1648K|", "||");
        assertThat(measured(DONE.withStdout(odd)).get("1_0").peakBytes()).isEmpty();
    }

    @Test
    @DisplayName("a failed sacct names the command, its exit status and output")
    void failureCarriesTheCommand() {
        CommandResult failed = new CommandResult(Command.of(Path.of("/tmp"), "sacct", "-j", "1"), 1, "",
                "sacct: error: Problem talking to the database: Connection refused");
        assertThatThrownBy(() -> SlurmUsageParser.parse(failed)).isInstanceOf(BackendException.class)
                .hasMessageContaining("sacct -j 1").hasMessageContaining("1").hasMessageContaining("Connection refused");
    }

    @ParameterizedTest(name = "MaxRSS {0} is {1} bytes")
    @CsvSource({"215544K, 220717056", "1.50M, 1572864", "2G, 2147483648", "1T, 1099511627776", "220717056, 220717056", "0, 0"})
    void readsMemoryUnits(String text, long bytes) {
        assertThat(SlurmUsageParser.bytes(text)).isEqualTo(OptionalLong.of(bytes));
    }

    @ParameterizedTest(name = "''{0}'' is not a size")
    @CsvSource({"''", "12Q", "abc", "-1K"})
    void unknownUnitsAreNotMeasured(String text) {
        assertThat(SlurmUsageParser.bytes(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1} s")
    @CsvSource({"00:02.510, 2.51", "00:01:23, 83", "12:34:56, 45296", "1-02:03:04, 93784", "10-00:00:00, 864000"})
    void readsDurations(String text, double seconds) {
        assertThat(SlurmUsageParser.seconds(text).getAsDouble()).isCloseTo(seconds, within(1e-9));
    }

    @Test
    void unreadableDurationsAreNotMeasured() {
        assertThat(SlurmUsageParser.seconds("INVALID")).isEqualTo(OptionalDouble.empty());
        assertThat(SlurmUsageParser.seconds("")).isEqualTo(OptionalDouble.empty());
    }
}
