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
}
