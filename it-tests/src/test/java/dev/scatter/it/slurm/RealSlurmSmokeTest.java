package dev.scatter.it.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.ProcessCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM container works as a cluster for a program on the host: submissions go through the
 * PATH shims as separate processes, as slurmxuser, and their files appear on the host.
 */
@RealSlurm
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RealSlurmSmokeTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path shimDir;

    private static SlurmContainer slurm;
    private static Path shims;
    private Path workDir;

    @BeforeAll
    static void startTheCluster() {
        slurm = SlurmContainer.shared();
        shims = slurm.writePathShims(shimDir);
    }

    @BeforeEach
    void giveEachTestItsOwnDirectory(TestInfo test) {
        workDir = slurm.createJobDirectory(test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void an_array_submitted_through_the_shims_runs_every_task_and_its_files_appear_on_the_host() {
        String jobId = submit("--array=0-3", "--wrap", "echo $SLURM_ARRAY_TASK_ID > out-$SLURM_ARRAY_TASK_ID");

        awaitLeftTheQueue(jobId);

        for (int task = 0; task < 4; task++) {
            assertThat(workDir.resolve("out-" + task)).hasContent(task + "\n");
        }
        awaitSacct(jobId, "JobID,State", lines -> assertThat(lines).containsExactlyInAnyOrder(
                jobId + "_0|COMPLETED", jobId + "_1|COMPLETED", jobId + "_2|COMPLETED", jobId + "_3|COMPLETED"));
    }

    @Test
    void a_normal_users_job_over_its_memory_limit_is_killed() {
        // 300 MB touched (b'x' * n writes every page) against --mem=100M; the sleep outlasts the
        // wait below, so only the kill can end the job in time.
        String jobId = submit("--mem=100M", "--wrap",
                "python3 -c \"import time; x = b'x' * (300 * 1024 * 1024); time.sleep(120)\"");

        awaitLeftTheQueue(jobId);

        // No cgroups: OverMemoryKill ends it FAILED 0:9 (fixtures trap 1); a cgroup cluster says OUT_OF_MEMORY.
        awaitSacct(jobId, "JobID,User,State,ExitCode", lines -> assertThat(lines).singleElement()
                .satisfiesAnyOf(
                        line -> assertThat(line).isEqualTo(jobId + "|slurmxuser|FAILED|0:9"),
                        line -> assertThat(line).startsWith(jobId + "|slurmxuser|OUT_OF_MEMORY")));
        assertThat(workDir.resolve("slurm-" + jobId + ".out")).content().contains("exceeded memory limit");
    }

    @Test
    void the_shims_pass_standard_input_and_exit_status_through_and_refuse_a_directory_the_container_cannot_see() {
        CommandResult fromStdin = run(workDir, List.of("sbatch", "--parsable", "-o", "stdin.out"),
                "#!/bin/bash\necho \"script read from stdin, run by $(id -un)\"\n");
        assertThat(fromStdin.succeeded()).as(fromStdin.describeFailure("sbatch < script failed")).isTrue();
        String jobId = fromStdin.stdout().strip();
        awaitLeftTheQueue(jobId);
        assertThat(workDir.resolve("stdin.out")).hasContent("script read from stdin, run by slurmxuser\n");

        // sbatch exits 255 for an option it cannot parse (fixtures trap 12): the shim returns that status.
        CommandResult badOption = run(List.of("sbatch", "--parsable", "--no-such-option", "--wrap=true"));
        assertThat(badOption.exitCode()).isEqualTo(255);
        assertThat(badOption.stderr()).contains("no-such-option");

        CommandResult outside = run(shimDir, List.of("squeue"), null);
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.stderr()).contains("is not inside the directory shared with the container");
    }

    /** sbatch --parsable with {@code options}, from this test's directory; the job ID. */
    private String submit(String... options) {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable"));
        argv.addAll(List.of(options));
        CommandResult result = run(argv);
        assertThat(result.succeeded()).as(result.describeFailure("sbatch failed")).isTrue();
        // --parsable prints "id" or "id;cluster"
        return result.stdout().strip().split(";")[0];
    }

    /**
     * Waits until squeue no longer lists the job as pending or running. Without {@code -t},
     * squeue hides finished jobs (empty output), and once purged it answers "Invalid job id" with
     * exit 1 (fixtures traps 5 and 6): both mean the job has left the queue.
     */
    private void awaitLeftTheQueue(String jobId) {
        await("job " + jobId + " to leave squeue").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    CommandResult squeue = run(List.of("squeue", "-h", "-j", jobId, "-o", "%i|%T"));
                    boolean purged = squeue.exitCode() == 1 && squeue.stderr().contains("Invalid job id");
                    assertThat(squeue.succeeded() || purged).as(squeue.describeFailure("squeue failed")).isTrue();
                    return squeue.stdout().isBlank();
                });
    }

    /** Retries {@code sacct -P -n -X -j ID -o FIELDS} until its lines satisfy the check: sacct lags (trap 3). */
    private void awaitSacct(String jobId, String fields, Consumer<List<String>> check) {
        await("sacct to report job " + jobId).atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    CommandResult sacct = run(List.of("sacct", "-P", "-n", "-X", "-j", jobId, "-o", fields));
                    assertThat(sacct.succeeded()).as(sacct.describeFailure("sacct failed")).isTrue();
                    check.accept(sacct.stdout().lines().toList());
                });
    }

    /**
     * Runs a SLURM command as a host process through the shims. ProcessBuilder looks the program up
     * in this JVM's PATH, not the child's, so the shim is named by absolute path; the child's PATH
     * still starts with the shims, as it would for a CLI started with that PATH.
     */
    private CommandResult run(List<String> argv) {
        return run(workDir, argv, null);
    }

    private CommandResult run(Path directory, List<String> argv, String stdin) {
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, shims.resolve(argv.get(0)).toString());
        Command command = Command.of(directory, resolved)
                .withEnvironment(Map.of("PATH", shims + ":" + System.getenv("PATH")))
                .withStdin(stdin);
        try {
            return new ProcessCommandRunner().run(command, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
