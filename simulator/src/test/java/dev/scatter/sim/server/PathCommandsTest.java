package dev.scatter.sim.server;

import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.TaskState;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client scripts run as real processes, as a user (or scatter's ProcessCommandRunner) runs
 * them: argv, cwd, environment and stdin reach the server; output and exit status come back.
 */
class PathCommandsTest {

    @TempDir
    Path tmp;
    private SimServer server;
    private Path work;

    record Run(int exit, String stdout, String stderr, long millis) {
    }

    @BeforeEach
    void start() throws IOException {
        work = Files.createDirectories(tmp.resolve("my work dir"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void startServer(Scheduler scheduler) throws IOException {
        SimConfig config = SimConfig.builder(scheduler).coresPerNode(4).memoryMbPerNode(8000)
                .spoolDir(tmp.resolve("spool")).pbsHome(tmp.resolve("home")).build();
        server = SimServer.start(config, tmp.resolve("state"));
    }

    private Run sh(String commandLine) throws Exception {
        return sh(commandLine, null);
    }

    private Run sh(String commandLine, String stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", commandLine).directory(work.toFile());
        pb.environment().put("PATH", server.binDir() + ":" + System.getenv("PATH"));
        pb.environment().put("SCATTER_TEST_VAR", "from the submitter");
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Run(exit, out, err, (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void submitsWithSbatchWrapAsAUserWouldType() throws Exception {
        startServer(Scheduler.SLURM);
        Run submit = sh("sbatch --wrap 'echo \"$SCATTER_TEST_VAR in $PWD\"'");
        System.out.printf("sbatch --wrap via PATH: %d ms%n", submit.millis());
        assertThat(submit.stdout()).isEqualTo("Submitted batch job 1\n");
        assertThat(submit.exit()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.simulator().cluster()
                .read(() -> server.simulator().cluster().job(1).orElseThrow().allFinished()));
        assertThat(Files.readString(work.resolve("slurm-1.out"))).isEqualTo("from the submitter in " + work.toRealPath() + "\n");
        Run missing = sh("sbatch --no-such-option");
        assertThat(missing.exit()).isEqualTo(255);
        assertThat(missing.stderr()).isEqualTo("sbatch: unrecognized option '--no-such-option'\nTry \"sbatch --help\" for more information\n");
    }

    @Test
    void carriesAnyArgvByteButNul() throws Exception {
        startServer(Scheduler.SLURM);
        String name = "naïve  job \"q\" 'x'\tend";
        Run submit = sh("sbatch --parsable -J \"$1\" --wrap 'true'".replace("$1", name.replace("\"", "\\\"")));
        assertThat(submit.stdout()).isEqualTo("1\n");
        assertThat(sh("squeue -h -t all -o %j").stdout()).isEqualTo(name + "\n");
        Run multiline = sh("sbatch --parsable --wrap $'printf \"%s|\" \"a b\" \"line1\\nline2\" \"€\"'");
        assertThat(multiline.stdout()).isEqualTo("2\n");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(work.resolve("slurm-2.out"))
                && server.simulator().cluster().read(() -> server.simulator().cluster().job(2).orElseThrow().allFinished()));
        assertThat(Files.readString(work.resolve("slurm-2.out"))).isEqualTo("a b|line1\nline2|€|");
    }

    @Test
    void forwardsStdinOnlyWhenTheCommandReadsIt() throws Exception {
        startServer(Scheduler.SLURM);
        Run piped = sh("sbatch --parsable", "#!/bin/bash\necho from stdin\n");
        assertThat(piped.stdout()).isEqualTo("1\n");
        // a command that does not read stdin must not wait for it (here stdin stays open)
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "squeue -h -t all -o %i").directory(work.toFile());
        pb.environment().put("PATH", server.binDir() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("1\n");
        p.getOutputStream().close();
    }

    @Test
    void answersFasterThanAJvmStarts() throws Exception {
        startServer(Scheduler.SLURM);
        sh("sbatch --parsable --array=0-49 --wrap=true");
        sh("squeue -h");
        long total = 0;
        int n = 20;
        for (int i = 0; i < n; i++) {
            Run r = sh("squeue -h -t all -o '%i|%T'");
            assertThat(r.exit()).isZero();
            total += r.millis();
        }
        long mean = total / n;
        System.out.printf("squeue via PATH: mean %d ms over %d calls (bash + client + answer)%n", mean, n);
        assertThat(mean).isLessThan(250);
    }

    @Test
    void submitsWithQsubAsAUserWouldType() throws Exception {
        startServer(Scheduler.OPENPBS);
        Files.writeString(work.resolve("job.sh"), "#!/bin/bash\n#PBS -N hello\ncd \"$PBS_O_WORKDIR\"\necho \"index $PBS_ARRAY_INDEX\"\n");
        Run submit = sh("qsub -J 0-2 job.sh");
        System.out.printf("qsub via PATH: %d ms%n", submit.millis());
        assertThat(submit.stdout()).isEqualTo("0[].pbshost\n");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.simulator().cluster()
                .read(() -> server.simulator().cluster().job(0).orElseThrow().tasks().stream()
                        .allMatch(t -> t.state() == TaskState.COMPLETED)));
        assertThat(Files.readString(work.resolve("hello.o0.2"))).isEqualTo("index 2\n");
        Run qstat = sh("qstat -x '0[].pbshost'");
        assertThat(qstat.exit()).isEqualTo(0);
        assertThat(qstat.stderr()).isEqualTo("qstat: PBS is not configured to maintain job history 0[].pbshost\n");
        assertThat(sh("qstat 0[].pbshost").exit()).isEqualTo(153);
        assertThat(List.of(server.binDir().toFile().list())).containsExactlyInAnyOrder("qsub", "qstat", "qdel");
    }

    @Test
    void saysSoWhenTheServerIsGone() throws Exception {
        startServer(Scheduler.SLURM);
        server.close();
        Run r = sh("squeue");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("squeue: the scatter simulator is not running");
        server = null;
    }
}
