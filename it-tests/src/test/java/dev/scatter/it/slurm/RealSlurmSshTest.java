package dev.scatter.it.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.spi.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM container as a login node reached over ssh, as {@code scatter --remote} reaches one: the
 * host's OpenSSH client logs in by key ({@link SlurmSsh}), runs the SLURM commands in the remote
 * user's home, multiplexes sessions over one connection, and fails with ssh's own status 255.
 */
@RealSlurm
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RealSlurmSshTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    private static SlurmSsh ssh;

    @BeforeAll
    static void logInToTheCluster() {
        SlurmSsh.assumeClientAvailable();
        ssh = SlurmSsh.shared();
    }

    @Test
    void sinfo_over_ssh_answers_the_default_partition() {
        assertThat(succeeded("sinfo -h -o %P").stdout()).isEqualTo("debug*\n");
    }

    @Test
    void a_login_starts_in_a_writable_home_with_the_slurm_commands_and_the_usual_tools_on_its_path() {
        CommandResult login = succeeded("id -un; pwd; test -w . && echo writable;"
                + " for c in sbatch squeue sacct scancel scontrol sinfo tar awk find xargs sort; do"
                + " command -v $c >/dev/null || echo missing $c; done");

        assertThat(login.stdout().lines()).containsExactly("slurmxuser", SlurmContainer.SUBMIT_HOME, "writable");
    }

    @Test
    void a_job_submitted_over_ssh_from_the_remote_home_runs_there_and_its_output_can_be_read_back() {
        String jobId = succeeded("rm -f out.txt && sbatch --parsable --wrap 'echo hi > out.txt'")
                .stdout().strip().split(";")[0];
        assertThat(jobId).containsOnlyDigits();

        awaitLeftTheQueue(jobId);

        assertThat(succeeded("cat out.txt").stdout()).isEqualTo("hi\n");
        await("sacct to report job " + jobId).atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(succeeded("sacct -P -n -X -j " + jobId + " -o JobID,User,State")
                        .stdout()).isEqualTo(jobId + "|slurmxuser|COMPLETED\n"));
    }

    @Test
    void scontrol_and_scancel_over_ssh_see_and_cancel_a_running_job() {
        String jobId = succeeded("sbatch --parsable --wrap 'sleep 300'").stdout().strip().split(";")[0];
        await("job " + jobId + " to run").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> succeeded("scontrol show job " + jobId).stdout().contains("JobState=RUNNING"));

        succeeded("scancel " + jobId);

        awaitLeftTheQueue(jobId);
        await("sacct to report job " + jobId + " cancelled").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(succeeded("sacct -P -n -X -j " + jobId + " -o State").stdout())
                        .startsWith("CANCELLED"));
    }

    @Test
    void a_second_command_reuses_the_connection_of_a_control_master(@TempDir Path sockets) {
        List<String> multiplexed = List.of("-o", "ControlMaster=auto", "-o", "ControlPath=" + sockets + "/%C",
                "-o", "ControlPersist=60");
        try {
            CommandResult first = ssh.ssh(multiplexed, "true");
            assertThat(first.exitCode()).as(first.describeFailure("the master connection failed")).isZero();
            CommandResult check = control(sockets, "check");
            assertThat(check.exitCode()).as(check.describeFailure("no master runs")).isZero();
            assertThat(check.stderr()).contains("Master running");

            // One TCP connection: both sessions see the same client address and port.
            CommandResult second = ssh.ssh(multiplexed, "echo \"$SSH_CONNECTION\"");
            CommandResult third = ssh.ssh(multiplexed, "echo \"$SSH_CONNECTION\"");
            assertThat(second.exitCode()).as(second.describeFailure("a multiplexed session failed")).isZero();
            assertThat(third.stdout()).isNotBlank().isEqualTo(second.stdout());
        } finally {
            control(sockets, "exit");
        }
        assertThat(sockets).isEmptyDirectory();
    }

    @Test
    void files_copied_with_scp_arrive_in_the_remote_home_and_come_back(@TempDir Path local) throws IOException {
        Path sent = Files.writeString(local.resolve("sent.txt"), "over scp\n");
        CommandResult there = ssh.run(ssh.scpCommand(sent.toString(), SlurmSsh.HOST_ALIAS + ":copied.txt"));
        assertThat(there.exitCode()).as(there.describeFailure("scp to the container failed")).isZero();
        assertThat(succeeded("cat " + SlurmContainer.SUBMIT_HOME + "/copied.txt").stdout()).isEqualTo("over scp\n");

        Path back = local.resolve("back.txt");
        CommandResult home = ssh.run(ssh.scpCommand(SlurmSsh.HOST_ALIAS + ":copied.txt", back.toString()));
        assertThat(home.exitCode()).as(home.describeFailure("scp from the container failed")).isZero();
        assertThat(back).hasContent("over scp");
    }

    @Test
    void a_wrong_port_gives_ssh_exit_status_255() {
        CommandResult refused = ssh.ssh(List.of("-p", Integer.toString(aClosedPort())), "true");

        assertThat(refused.exitCode()).isEqualTo(255);
        assertThat(refused.stderr()).contains("Connection refused");
    }

    @Test
    void root_cannot_log_in_even_with_the_authorized_key() {
        CommandResult root = ssh.ssh(List.of("-l", "root"), "true");

        assertThat(root.exitCode()).isEqualTo(255);
        assertThat(root.stderr()).contains("Permission denied");
    }

    /** {@code ssh -O OPERATION}: asks the master whose socket is in {@code sockets}. */
    private static CommandResult control(Path sockets, String operation) {
        List<String> argv = new ArrayList<>(ssh.sshCommand());
        argv.addAll(List.of("-o", "ControlPath=" + sockets + "/%C", "-O", operation, ssh.hostAlias()));
        return ssh.run(argv);
    }

    /** Runs {@code command} over ssh and asserts it succeeded, with ssh's whole answer when not. */
    private static CommandResult succeeded(String command) {
        CommandResult result = ssh.ssh(command);
        assertThat(result.succeeded()).as(result.describeFailure("over ssh: " + command)).isTrue();
        return result;
    }

    /**
     * Waits until squeue no longer lists the job as pending or running: empty output, or "Invalid
     * job id" with exit 1 once SLURM purged it (fixtures traps 5 and 6).
     */
    private static void awaitLeftTheQueue(String jobId) {
        await("job " + jobId + " to leave squeue").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    CommandResult squeue = ssh.ssh("squeue -h -j " + jobId + " -o %i");
                    boolean purged = squeue.exitCode() == 1 && squeue.stderr().contains("Invalid job id");
                    assertThat(squeue.succeeded() || purged).as(squeue.describeFailure("squeue failed")).isTrue();
                    return squeue.stdout().isBlank();
                });
    }

    /** A loopback port nothing listens on (just released by a socket of our own). */
    private static int aClosedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
