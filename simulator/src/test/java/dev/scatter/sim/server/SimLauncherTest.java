package dev.scatter.sim.server;

import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code scatter sim start|status|stop} calls: a detached server JVM. */
class SimLauncherTest {

    @TempDir
    Path tmp;

    @Test
    void startsADetachedServerFindsItAndStopsIt() throws Exception {
        Path state = tmp.resolve("state");
        SimConfig config = SimConfig.builder(Scheduler.SLURM).coresPerNode(2).spoolDir(tmp.resolve("spool")).build();
        assertThat(SimLauncher.status(state).running()).isFalse();
        long t0 = System.nanoTime();
        Path bin = SimLauncher.startDetached(config, state);
        System.out.printf("detached simulator answered after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        try {
            SimStatus status = SimLauncher.status(state);
            assertThat(status.running()).isTrue();
            assertThat(status.scheduler()).isEqualTo(Scheduler.SLURM);
            assertThat(status.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(bin).isEqualTo(state.toAbsolutePath().resolve("bin"));
            Process p = new ProcessBuilder(bin.resolve("sbatch").toString(), "--parsable", "--wrap=true")
                    .directory(tmp.toFile()).start();
            assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("1\n");
        } finally {
            assertThat(SimLauncher.stop(state)).isTrue();
        }
        assertThat(SimLauncher.status(state).running()).isFalse();
        assertThat(Files.exists(state.resolve("port"))).isFalse();
        assertThat(SimLauncher.stop(state)).isFalse();
    }

    /** A PBS started in the state directory of an earlier SLURM leaves no sbatch on PATH (scatter's auto would take it). */
    @Test
    void eachDialectPutsOnlyItsOwnCommandsOnPath() throws Exception {
        Path state = tmp.resolve("state");
        Path bin = SimLauncher.startDetached(SimConfig.builder(Scheduler.SLURM).spoolDir(tmp.resolve("s1")).build(), state);
        assertThat(bin.resolve("sbatch")).isExecutable();
        assertThat(SimLauncher.stop(state)).isTrue();
        Files.writeString(bin.resolve("my-tool"), "#!/bin/sh\necho mine\n");
        bin = SimLauncher.startDetached(SimConfig.builder(Scheduler.OPENPBS).spoolDir(tmp.resolve("s2")).build(), state);
        try {
            assertThat(bin.resolve("qsub")).isExecutable();
            assertThat(bin.resolve("sbatch")).doesNotExist();
            assertThat(bin.resolve("squeue")).doesNotExist();
            assertThat(bin.resolve("my-tool")).as("a file that is not a client script stays").exists();
        } finally {
            SimLauncher.stop(state);
        }
    }
}
