package dev.scatter.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.UsageException;
import dev.scatter.core.doctor.Doctor;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendCatalog;
import dev.scatter.core.spi.Check;
import dev.scatter.core.spi.Command;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import dev.scatter.sim.testing.SimulatedGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's {@link Doctor} against a simulated SLURM: the cluster's lines, and the probe coming back or not. */
class DoctorOnASimulatedSlurmTest {

    @TempDir
    Path dir;

    private Simulator sim;
    private RecordingRunner runner;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private Doctor doctor(Consumer<SimConfig.Builder> tweak) {
        SimConfig.Builder b = SimConfig.builder(Scheduler.SLURM).coresPerNode(2).memoryMbPerNode(4000).spoolDir(dir.resolve("spool"));
        tweak.accept(b);
        sim = Simulator.start(b.build());
        runner = new RecordingRunner(new SimulatedCommandRunner(sim));
        BackendCatalog catalog = new BackendCatalog() {
            @Override
            public Backend open(String name) {
                if (!name.equals(SlurmBackend.NAME)) {
                    throw new UsageException("only slurm here, not " + name);
                }
                return SlurmBackend.create(runner, SimulatedGrid.TUNING);
            }

            @Override
            public Backend simulated(String name) {
                return open(name);
            }

            @Override
            public Choice auto() {
                return new Choice(SlurmBackend.NAME, "sbatch is simulated in this test");
            }
        };
        return new Doctor(Files.isDirectory(dir.resolve("work")) ? dir.resolve("work") : mkdir(dir.resolve("work")), catalog, Map.of());
    }

    @Test
    void shouldTellTheClustersLinesAndBringTheProbeBack() throws IOException {
        Doctor.Report report = doctor(b -> { }).examine(new Doctor.Request("auto", Optional.of(Duration.ofMinutes(1))), c -> { });
        assertThat(report.backend()).isEqualTo("slurm");
        assertThat(report.checks()).extracting(Check::topic).containsExactly("backend", "version", "arrays", "accounting", "job age",
                "threads", "disk", "writable", "java", "ulimit", "install", "config", "probe");
        assertThat(report.checks().get(0).text()).isEqualTo("auto picks slurm: sbatch is simulated in this test");
        Check probe = report.checks().get(report.checks().size() - 1);
        assertThat(probe.level()).as(probe.text()).isEqualTo(Check.Level.OK);
        assertThat(probe.text()).startsWith("a one-entry run on slurm came back in ");
        assertThat(runner.count("sbatch")).as("sbatch --version, and the probe's one array").isEqualTo(2);
        assertThat(report.failed()).isFalse();
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldFailAProbeThatGivesNoResultInTimeAndCancelIt() throws Exception {
        Doctor doctor = doctor(b -> { });
        // a busy cluster: its two cores taken, the probe's job waits for Resources
        assertThat(runner.run(Command.of(dir, "sbatch", "--parsable", "-c", "2", "--wrap", "sleep 600")).exitCode()).isZero();
        Doctor.Report report = doctor.examine(new Doctor.Request("slurm", Optional.of(Duration.ofSeconds(2))), c -> { });
        Check probe = report.checks().get(report.checks().size() - 1);
        assertThat(probe.level()).isEqualTo(Check.Level.FAIL);
        assertThat(probe.text()).startsWith("a one-entry run on slurm gave no result within 2 s (QUEUED").endsWith("; cancelled");
        assertThat(probe.fix().orElseThrow()).startsWith("the cluster may just be busy: try a longer --probe-timeout")
                .contains("a directory the compute nodes share");
        assertThat(runner.calls("scancel")).hasSize(1);
        assertThat(report.failed()).isTrue();
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldFailAProbeThatWillNeverStartAndTakeItsJobOutOfTheQueue() {
        // the partition's MaxTime is below the probe's 2 minutes: scatter calls it LOST, SLURM keeps it pending
        Doctor.Report report = doctor(b -> b.maxTime(Duration.ofMinutes(1)))
                .examine(new Doctor.Request("slurm", Optional.of(Duration.ofMinutes(1))), c -> { });
        Check probe = report.checks().get(report.checks().size() - 1);
        assertThat(probe.level()).isEqualTo(Check.Level.FAIL);
        assertThat(probe.text()).startsWith("a one-entry run on slurm ended LOST: will never start").contains("PartitionTimeLimit");
        assertThat(probe.fix().orElseThrow()).startsWith("if it never ran, its reason says why");
        assertThat(runner.calls("scancel")).hasSize(1);
    }

    private static Path mkdir(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
