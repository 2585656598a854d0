package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.BackendException;
import dev.scatter.core.grid.MeasuredTask;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.fixtures.Fixture;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** resources_used and exec_host from real OpenPBS 23.06.06 {@code qstat -f -F json -x} output. */
class PbsUsageParserTest {

    private final PbsUsageParser parser = new PbsUsageParser("pbs-pro");

    private Map<String, TaskMeasurement> measured(CommandResult r) {
        Map<String, TaskMeasurement> out = new LinkedHashMap<>();
        for (MeasuredTask t : parser.parse(r)) {
            out.put(t.arrayId() + "#" + t.index(), t.usage());
        }
        return out;
    }

    @Test
    @DisplayName("the usage command is the history query the fixture was captured with")
    void usageCommandIsTheHistoryQuery() {
        assertThat(new PbsProScheduler().usageCommand(List.of("10[].pbshost")))
                .isEqualTo(Fixture.pbs("qstat_fjson_xt_states_done").argv());
    }

    @Test
    @DisplayName("reads every ended subjob of an array, not its parent")
    void readsEndedSubjobs() {
        Map<String, TaskMeasurement> m = measured(Fixture.pbs("qstat_fjson_xt_states_done").result());
        assertThat(m).containsOnlyKeys("10[].pbshost#0", "10[].pbshost#1", "10[].pbshost#2", "10[].pbshost#3",
                "10[].pbshost#4", "10[].pbshost#5");
        TaskMeasurement last = m.get("10[].pbshost#5");   // sleep 15; exit 0
        assertThat(last.source()).isEqualTo("qstat");
        assertThat(last.state()).isEqualTo("F");
        assertThat(last.exitCode()).isEqualTo("0");
        assertThat(last.peakBytes()).hasValue(7468L * 1024);
        assertThat(last.cpuSeconds()).hasValue(0.0);
        assertThat(last.elapsedSeconds()).hasValue(15.0);
        assertThat(last.cpus()).isEqualTo(1);
        assertThat(last.nodes()).isEqualTo("pbshost");
        assertThat(last.submit()).contains(local("2026-11-25T10:29:04"));
        assertThat(last.start()).contains(local("2026-11-25T10:29:12"));
        assertThat(last.end()).contains(local("2026-11-25T10:29:28"));
        assertThat(m.get("10[].pbshost#1").exitCode()).isEqualTo("3");
        assertThat(m.get("10[].pbshost#3").elapsedSeconds()).hasValue(4.0);   // qdel'd after 4 s
        // deleted while queued: it never ran, so nothing was used and its Exit_status is not its own (trap PBS 6)
        TaskMeasurement neverRan = m.get("10[].pbshost#4");
        assertThat(neverRan.peakBytes()).isEmpty();
        assertThat(neverRan.exitCode()).isEmpty();
        assertThat(neverRan.nodes()).isEmpty();
    }

    @Test
    @DisplayName("reads plain jobs (a one-task attempt) as index 0 of their own id, over walltime too")
    void readsPlainJobs() {
        Map<String, TaskMeasurement> m = measured(Fixture.pbs("qstat_fjson_x_plain_finished").result());
        assertThat(m.get("12.pbshost#0").exitCode()).isEqualTo("-29");
        assertThat(m.get("12.pbshost#0").peakBytes()).hasValue(1388L * 1024);
        assertThat(m.get("12.pbshost#0").elapsedSeconds()).hasValue(12.0);
        assertThat(m.get("14.pbshost#0").nodes()).isEqualTo("pbshost");
    }

    @Test
    @DisplayName("running subjobs are left out, to be asked again once they ended")
    void leavesOutRunningSubjobs() {
        Map<String, TaskMeasurement> m = measured(Fixture.pbs("qstat_fjson_t_states_running").result());
        assertThat(m).containsOnlyKeys("10[].pbshost#0", "10[].pbshost#1", "10[].pbshost#2");   // X; 3 is R, 4-5 Q
    }

    @Test
    @DisplayName("history off: qstat -x prints nothing, so nothing is measured")
    void historyOffMeasuresNothing() {
        assertThat(measured(Fixture.pbs("nohist_qstat_fjson_xt_states_running").result())).isEmpty();
    }

    @Test
    @DisplayName("a qstat that failed names the command, its exit status and output")
    void failureCarriesTheCommand() {
        CommandResult refused = Fixture.pbs("qstat_fjson_xt_states_done").withStdout("");
        CommandResult failed = new CommandResult(refused.command(), 2, "", "qstat: cannot connect to server pbshost (errno=111)");
        assertThatThrownBy(() -> parser.parse(failed)).isInstanceOf(BackendException.class)
                .hasMessageContaining("qstat -f -F json -x -t").hasMessageContaining("cannot connect");
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({"7468kb, 7647232", "0kb, 0", "4gb, 4294967296", "1mb, 1048576", "512b, 512", "100, 100", "2kw, 16384", "1tb, 1099511627776"})
    void readsSizes(String text, long bytes) {
        assertThat(PbsUsageParser.bytes(text)).isEqualTo(OptionalLong.of(bytes));
    }

    @ParameterizedTest(name = "''{0}'' is not a size")
    @CsvSource({"''", "12qb", "lots", "1.5gb"})
    void unknownSizesAreNotMeasured(String text) {
        assertThat(PbsUsageParser.bytes(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1} s")
    @CsvSource({"00:00:15, 15", "100:00:01, 360001", "01:02:03, 3723", "45, 45"})
    void readsDurations(String text, double seconds) {
        assertThat(PbsUsageParser.seconds(text)).hasValue(seconds);
    }

    @Test
    void readsHosts() {
        assertThat(PbsUsageParser.hosts("pbshost/0")).isEqualTo("pbshost");
        assertThat(PbsUsageParser.hosts("a/0*2+b/1+a/3")).isEqualTo("a,b");
        assertThat(PbsUsageParser.hosts("")).isEmpty();
    }

    private static java.time.Instant local(String t) {
        return LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toInstant();
    }
}
