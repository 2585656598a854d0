package dev.scatter.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scatter.core.grid.GridChecks;
import dev.scatter.core.grid.GridChecks.Answer;
import dev.scatter.core.spi.Check;
import dev.scatter.core.spi.ProcessCommandRunner;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import dev.scatter.sim.testing.SimulatedGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scatter doctor says of SLURM: from captured SLURM 22.05.8 output, and asked of a simulated cluster. */
class SlurmDoctorChecksTest {

    @TempDir
    Path dir;

    private final SlurmScheduler slurm = new SlurmScheduler();

    @Test
    void shouldNameTheVersionAndTheLimitsOfTheCapturedCluster() {
        List<Check> checks = GridChecks.of(slurm, Answer.of(Fixture.slurm("version").result()),
                Answer.of(Fixture.slurm("scontrol_show_config").result()));
        assertThat(checks).containsExactly(
                Check.ok("version", "SLURM 22.05.8 (sbatch --version)"),
                Check.ok("arrays", "MaxArraySize 1001: a run of more tasks is cut into several arrays"
                        + " (scontrol show config, SLURM 22.05.8)"),
                Check.ok("accounting", "on (AccountingStorageType): sacct tells how a task that left squeue without its records ended"),
                Check.ok("job age", "MinJobAge 5 min: an ended job stays that long in squeue"));
    }

    @Test
    void shouldReadTheVersionLineAsSchedMdAndDebianPrintIt() {
        assertThat(slurm.versionCommand()).containsExactly("sbatch", "--version");
        assertThat(slurm.parseVersion(Fixture.slurm("version").stdout())).hasValue("SLURM 22.05.8");
        assertThat(slurm.parseVersion("slurm 23.11.4\n")).hasValue("SLURM 23.11.4");
        assertThat(slurm.parseVersion("pbs_version = 23.06.06\n")).isEmpty();
        assertThat(slurm.parseVersion("")).isEmpty();
    }

    @Test
    void shouldWarnWhatAClusterWithoutAccountingStorageMeans() {
        Fixture config = Fixture.slurm("scontrol_show_config");
        String none = config.stdout().replace("accounting_storage/slurmdbd", "accounting_storage/none");
        Check accounting = GridChecks.of(slurm, Answer.of(Fixture.slurm("version").result()), Answer.of(config.withStdout(none))).get(2);
        assertThat(accounting.level()).isEqualTo(Check.Level.WARN);
        assertThat(accounting.text()).startsWith("off (AccountingStorageType): a task that leaves squeue without its records")
                .contains("ends LOST, as there is no accounting to say why");
        assertThat(accounting.fix().orElseThrow()).contains("time and memory kills are still told").contains("slurmdbd");
    }

    @Test
    void shouldFailWithTheCommandItsExitStatusAndItsOutput() {
        Fixture failing = Fixture.slurm("scontrol_show_job_unknown");
        List<Check> checks = GridChecks.of(slurm, Answer.of(Fixture.slurm("sbatch_err_bad_option").result()), Answer.of(failing.result()));
        assertThat(checks).extracting(Check::level).containsExactly(Check.Level.FAIL, Check.Level.FAIL);
        assertThat(checks.get(0).text()).startsWith("sbatch --version failed\n- command     : sh -c ")
                .contains("- exit status : 255\n").contains("sbatch: unrecognized option '--no-such-option'");
        assertThat(checks.get(1).text()).contains("- exit status : 1\n")
                .contains("- output      : slurm_load_jobs error: Invalid job id specified");
        assertThat(checks.get(1).fix().orElseThrow()).contains("MaxArraySize 1001");
    }

    @Test
    void shouldFailWhenTheClientIsNotOnThisMachine() {
        assumeTrue(ProcessCommandRunner.which("sbatch").isEmpty(), "sbatch is installed here");
        List<Check> checks = SlurmBackend.create(new ProcessCommandRunner(), SimulatedGrid.TUNING).checks(dir);
        assertThat(checks).extracting(Check::topic).containsExactly("version", "limits");
        assertThat(checks.get(0).level()).isEqualTo(Check.Level.FAIL);
        assertThat(checks.get(0).text()).startsWith("sbatch --version could not be run: ");
        assertThat(checks.get(1).text()).startsWith("scontrol show config could not be run: ");
    }

    @Test
    void shouldAskASimulatedClusterEachCommandOnceWithoutRetrying() {
        SimConfig config = SimConfig.builder(Scheduler.SLURM).maxArraySize(501).accounting(false).minJobAge(Duration.ofSeconds(30))
                .spoolDir(dir.resolve("spool")).build();
        try (Simulator sim = Simulator.start(config)) {
            RecordingRunner runner = new RecordingRunner(new SimulatedCommandRunner(sim));
            List<Check> checks = SlurmBackend.create(runner, SimulatedGrid.TUNING).checks(dir);
            assertThat(checks).extracting(Check::level)
                    .containsExactly(Check.Level.OK, Check.Level.OK, Check.Level.WARN, Check.Level.OK);
            assertThat(checks.get(1).text()).startsWith("MaxArraySize 501: ");
            assertThat(checks.get(3).text()).isEqualTo("MinJobAge 30 s: an ended job stays that long in squeue");
            assertThat(runner.calls()).containsExactly(List.of("sbatch", "--version"), List.of("scontrol", "show", "config"));

            sim.faults().failNextStatusQueries(1);
            Check limits = SlurmBackend.create(runner, SimulatedGrid.TUNING).checks(dir).get(1);
            assertThat(limits.level()).isEqualTo(Check.Level.FAIL);
            assertThat(limits.text()).startsWith("scontrol show config failed\n").contains("Unable to contact slurm controller");
        }
    }
}
