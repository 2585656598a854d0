package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.grid.GridChecks;
import dev.scatter.core.grid.GridChecks.Answer;
import dev.scatter.core.spi.Check;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import dev.scatter.sim.testing.SimulatedGrid;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scatter doctor says of PBS: from captured OpenPBS 23.06.06 output (history on and off), and of a simulated Torque. */
class PbsDoctorChecksTest {

    @TempDir
    Path dir;

    private final PbsProScheduler pro = new PbsProScheduler();
    private final TorqueScheduler torque = new TorqueScheduler();

    @Test
    void shouldNameTheVersionAndTheLimitsOfTheCapturedServerWithJobHistory() {
        List<Check> checks = GridChecks.of(pro, Answer.of(Fixture.pbs("qstat_version").result()),
                Answer.of(Fixture.pbs("qstat_Bf_json").result()));
        assertThat(checks).containsExactly(
                Check.ok("version", "OpenPBS/PBS Pro 23.06.06 (qstat --version)"),
                Check.ok("arrays", "max_array_size 10000: a run of more tasks is cut into several arrays"
                        + " (qstat -Bf -F json, PBS 23.06.06, job history on)"),
                Check.ok("accounting", "on (job_history_enable): qstat tells how a task that left qstat without its records ended"),
                Check.ok("job age", "job_history_duration 336 h: an ended job stays that long in qstat"));
    }

    @Test
    void shouldWarnWhatAServerWithoutJobHistoryMeans() {
        List<Check> checks = GridChecks.of(pro, Answer.of(Fixture.pbs("qstat_version").result()),
                Answer.of(Fixture.pbs("nohist_qstat_Bf_json").result()));
        Check history = checks.get(2);
        assertThat(history.level()).isEqualTo(Check.Level.WARN);
        assertThat(history.text()).startsWith("off (job_history_enable): a task that leaves qstat without its records")
                .contains("ends LOST, as PBS keeps no finished jobs without job history");
        assertThat(history.fix().orElseThrow()).contains("enable job history");
        assertThat(checks.get(3)).isEqualTo(Check.ok("job age", "an ended job leaves qstat at once"));
    }

    @Test
    void shouldTellTheFlavoursApartByTheVersionEachNames() {
        assertThat(pro.versionCommand()).containsExactly("qstat", "--version");
        assertThat(torque.versionCommand()).containsExactly("qstat", "--version");
        assertThat(pro.parseVersion(Fixture.pbs("qstat_version").stdout())).hasValue("OpenPBS/PBS Pro 23.06.06");
        assertThat(torque.parseVersion(Fixture.pbs("qstat_version").stdout())).isEmpty();
        assertThat(torque.parseVersion("Version: 6.1.3\nCommit: 2b5d1c3\n")).hasValue("Torque 6.1.3");
        assertThat(pro.parseVersion("Version: 6.1.3\n")).isEmpty();
    }

    @Test
    void shouldWarnWhenTheVersionIsAnotherFlavours() {
        Check version = GridChecks.of(torque, Answer.of(Fixture.pbs("qstat_version").result()),
                Answer.of(Fixture.pbs("qstat_B").result())).get(0);
        assertThat(version.level()).isEqualTo(Check.Level.WARN);
        assertThat(version.text()).isEqualTo("qstat --version names no torque version: pbs_version = 23.06.06");
    }

    @Test
    void shouldAskASimulatedTorqueServerAndWarnThatItKeepsNoHistory() {
        try (Simulator sim = Simulator.start(SimulatedPbsContract.fixtureLike(Scheduler.TORQUE, dir).build())) {
            RecordingRunner runner = new RecordingRunner(new SimulatedCommandRunner(sim));
            List<Check> checks = PbsBackend.torque(runner, SimulatedGrid.TUNING).checks(dir);
            assertThat(checks.get(0)).isEqualTo(Check.ok("version", "Torque 6.1.3 (qstat --version)"));
            assertThat(checks.get(1).text()).startsWith("max_job_array_size ").contains("(qstat -B -f").endsWith("no job history)");
            assertThat(checks.get(2).level()).isEqualTo(Check.Level.WARN);
            assertThat(checks.get(2).text()).contains("Torque forgets a completed job after keep_completed seconds");
            assertThat(runner.calls()).containsExactly(List.of("qstat", "--version"), List.of("qstat", "-B", "-f"));
        }
    }
}
