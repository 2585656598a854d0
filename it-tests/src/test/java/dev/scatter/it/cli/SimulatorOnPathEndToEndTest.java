package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scatter sim start}: simulated scheduler commands on PATH, used as a user types them. */
class SimulatorOnPathEndToEndTest {

    @TempDir
    Path dir;

    private String sh(Path bin, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void slurmCommandsOnPathRunAPlainWrapJob() throws Exception {
        Path state = dir.resolve("state");
        var start = new ScatterCli(dir).run("sim", "start", "--dialect", "slurm", "--cores", "4", "--state-dir", state.toString());
        assertThat(start.exitCode()).as(start.toString()).isZero();
        Path bin = Path.of(start.stdout().strip());
        try {
            String id = sh(bin, "sbatch --parsable --array=0-2 --wrap 'echo task $SLURM_ARRAY_TASK_ID'").strip();
            assertThat(id).matches("\\d+");
            await().atMost(Duration.ofSeconds(30)).until(() -> sh(bin, "squeue -h -r -t all -j " + id + " -o '%T'")
                    .lines().allMatch("COMPLETED"::equals));
            assertThat(Files.readString(dir.resolve("slurm-" + id + "_2.out"))).isEqualTo("task 2\n");
            assertThat(new ScatterCli(dir).run("sim", "status", "--state-dir", state.toString()).stdout()).contains("running: SLURM");
        } finally {
            new ScatterCli(dir).run("sim", "stop", "--state-dir", state.toString());
        }
        assertThat(new ScatterCli(dir).run("sim", "status", "--state-dir", state.toString()).stdout()).contains("not running");
    }

    @Test
    void pbsCommandsOnPathRunAQsubArray() throws Exception {
        Path state = dir.resolve("state");
        var start = new ScatterCli(dir).run("sim", "start", "--dialect", "pbs", "--pbs-history", "--state-dir", state.toString());
        assertThat(start.exitCode()).as(start.toString()).isZero();
        Path bin = Path.of(start.stdout().strip());
        try {
            Files.writeString(dir.resolve("job.sh"), "#!/bin/bash\n#PBS -N hello\ncd \"$PBS_O_WORKDIR\"\necho sub $PBS_ARRAY_INDEX > out-$PBS_ARRAY_INDEX\n");
            String id = sh(bin, "qsub -J 0-3 job.sh").strip();
            assertThat(id).matches("\\d+\\[\\]\\.pbshost");
            await().atMost(Duration.ofSeconds(30)).until(() -> sh(bin, "qstat -x -f -F json '" + id + "'").contains("\"job_state\":\"F\""));
            for (int i = 0; i <= 3; i++) {
                assertThat(Files.readAllLines(dir.resolve("out-" + i))).isEqualTo(List.of("sub " + i));
            }
        } finally {
            new ScatterCli(dir).run("sim", "stop", "--state-dir", state.toString());
        }
    }
}
