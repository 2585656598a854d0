package dev.scatter.sim;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.testing.SimHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process CommandRunner: dispatch by program name, submit dir, environment, stdin. */
class SimulatedCommandRunnerTest {

    @Test
    void dispatchesOnTheProgramsBaseNameAndExportsTheEnvironment() throws Exception {
        try (SimHarness h = SimHarness.slurm(b -> { })) {
            SimulatedCommandRunner runner = new SimulatedCommandRunner(h.sim());
            Command submit = new Command(List.of("/usr/bin/sbatch", "--parsable", "--wrap=echo \"$GREETING from $PWD\""),
                    h.fx(), Map.of("GREETING", "hello"), null);
            CommandResult r = runner.run(submit);
            assertThat(r.stdout()).isEqualTo("1\n");
            h.awaitState(1, -1, TaskState.COMPLETED, Duration.ofSeconds(10));
            assertThat(h.read("slurm-1.out")).isEqualTo("hello from " + h.fx() + "\n");
            assertThat(runner.run(Command.of(h.fx(), "squeue", "-h", "-t", "all", "-o", "%i|%T")).stdout()).isEqualTo("1|COMPLETED\n");
        }
    }

    @Test
    void readsTheScriptFromStdinWhenThereIsNoScriptArgument() throws Exception {
        try (SimHarness h = SimHarness.slurm(b -> { })) {
            SimulatedCommandRunner runner = new SimulatedCommandRunner(h.sim());
            CommandResult r = runner.run(Command.of(h.fx(), "sbatch", "--parsable").withStdin("#!/bin/bash\necho piped\n"));
            assertThat(r.stdout()).isEqualTo("1\n");
            h.awaitState(1, -1, TaskState.COMPLETED, Duration.ofSeconds(10));
            assertThat(h.read("slurm-1.out")).isEqualTo("piped\n");
            assertThat(runner.run(Command.of(h.fx(), "sbatch", "--parsable")).stderr()).isEqualTo("sbatch: error: Batch script is empty!\n");
        }
    }

    @Test
    void failsLikeAMissingProgramForAnotherSchedulersCommand() {
        try (SimHarness h = SimHarness.slurm(b -> { })) {
            SimulatedCommandRunner runner = new SimulatedCommandRunner(h.sim());
            assertThatThrownBy(() -> runner.run(Command.of(h.fx(), "qsub", "job.sh")))
                    .isInstanceOf(IOException.class).hasMessageContaining("qsub");
        }
    }

    @Test
    void reportsOutOfMemoryOnACgroupCluster() throws IOException {
        try (SimHarness h = SimHarness.slurm(b -> b.slurmMemoryKill(SimConfig.MemoryKillReport.CGROUP))) {
            h.sh("sbatch --parsable --mem=50M --wrap='head -c 300000000 /dev/zero | tail > /dev/null'");
            h.awaitState(1, -1, TaskState.OUT_OF_MEMORY, Duration.ofSeconds(10));
            assertThat(h.sh("sacct -P -n -j 1 -o JobID,State,ExitCode").stdout())
                    .startsWith("1|OUT_OF_MEMORY|0:125\n1.batch|OUT_OF_MEMORY|0:125\n");
            assertThat(h.sh("squeue -h -t all -j 1 -o %T|%r").stdout()).isEqualTo("OUT_OF_MEMORY|OutOfMemory\n");
            assertThat(Files.readString(h.fx().resolve("slurm-1.out"))).contains("Detected 1 oom_kill event in StepId=1.batch");
        }
    }
}
