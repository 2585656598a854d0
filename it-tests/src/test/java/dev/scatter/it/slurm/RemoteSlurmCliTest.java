package dev.scatter.it.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.it.cli.ScatterCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scatter --remote}: the packaged CLI on "a laptop" (this machine, no SLURM command on its
 * PATH, no directory shared with the cluster) reaching the real SLURM container's login node over
 * ssh, through the system OpenSSH client and the container's sshd on a port published on
 * 127.0.0.1. The ssh program scatter runs is a small script ({@code SCATTER_SSH}) that counts the
 * calls, the round trips, and can break a connection at a chosen moment.
 */
@RealSlurm
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RemoteSlurmCliTest {

    /** Inputs that must reach the cluster as data: quotes, $(), backticks, spaces, unicode, a backslash. */
    static final List<String> HOSTILE = List.of("it's", "$(touch pwned)", "`touch pwned2`", "two  spaces", "ünïcödé ✓",
            "\"double\"", "back\\slash", "semi; touch pwned3");

    private static SlurmSsh ssh;

    @TempDir
    Path laptop;

    @BeforeAll
    static void reachTheLoginNode() {
        SlurmSsh.assumeClientAvailable();
        ssh = SlurmSsh.shared();
    }

    /** The CLI on the laptop: ssh through the counting script, its control socket in the test's directory. */
    private ScatterCli scatter(Path project, String fault) {
        Path bin = laptop.resolve("bin");
        Path script = bin.resolve("ssh");
        try {
            Files.createDirectories(bin);
            Files.writeString(script, """
                    #!/bin/bash
                    # counts scatter's ssh calls; FAULT breaks the first sbatch's connection once it got through
                    printf '%s\n' "$(printf '%s' "${@: -1}" | tr '\n' ' ' | cut -c1-200)" >> "$SSH_CALLS"
                    ssh "$@"; rc=$?
                    case "${@: -1}" in
                      *"exec sbatch"*)
                        if [ -n "$FAULT" ] && mkdir "$SSH_CALLS.fault" 2>/dev/null; then
                          [ "$FAULT" = kill ] && kill -9 "$PPID"
                          exit 255
                        fi ;;
                    esac
                    exit $rc
                    """);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(Map.of("SCATTER_SSH", script.toString(),
                "SCATTER_SSH_CONFIG", ssh.configFile().toString(),
                "SCATTER_SSH_CONTROL_DIR", laptop.resolve("ctl").toString(),
                "SSH_CALLS", calls().toString(), "SCATTER_POLL_FLOOR", "1s"));
        if (fault != null) {
            env.put("FAULT", fault);
        }
        return new ScatterCli(project, env);
    }

    private Path calls() {
        return laptop.resolve("ssh-calls");
    }

    private int roundTrips() {
        return calls(0).size();
    }

    /** The command lines scatter sent over ssh, from the {@code from}-th on. */
    private List<String> calls(int from) {
        try {
            List<String> all = Files.exists(calls()) ? Files.readAllLines(calls()) : List.of();
            return all.subList(Math.min(from, all.size()), all.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String remote(String command) {
        var r = ssh.ssh(command);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    @Test
    void hostile_entries_run_on_the_cluster_as_data_and_gather_writes_their_output_here() throws IOException {
        Path project = laptop.resolve("my proj");
        ScatterCli cli = scatter(project, null);
        Files.writeString(project.resolve("inputs.txt"), String.join("\n", HOSTILE) + "\n");

        ScatterCli.Result run = cli.run("run", "--remote", ssh.hostAlias(), "-i", "inputs.txt", "--chunk", "3", "--wait",
                "--", "printf", "%s|\\n", "{}");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String dir = ssh.remoteHome() + "/.scatter-remote/my proj";
        assertThat(remote("cat '" + dir + "/.scatter/runs/1/spec.json'")).contains("\"destination\" : \"slurmx-remote\"");
        assertThat(remote("cd '" + dir + "' && ls")).doesNotContain("pwned");
        ScatterCli.Result gather = cli.run("gather", "-o", "out.txt");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(Files.readString(project.resolve("out.txt")))
                .isEqualTo(HOSTILE.stream().map(h -> h + "|\n").collect(Collectors.joining()));
        ScatterCli.Result logs = cli.run("logs", "-e", "2");
        assertThat(logs.stdout()).isEqualTo("$(touch pwned)|\n");

        ScatterCli.Result rm = cli.run("rm", "1");
        assertThat(rm.exitCode()).as(rm.toString()).isZero();
        assertThat(remote("ls -a '" + dir + "/.scatter/runs'")).doesNotContain("1\n");
        assertThat(project.resolve(".scatter/runs/1")).doesNotExist();
    }

    @Test
    void status_and_gather_of_ten_thousand_entries_take_at_most_three_round_trips() throws IOException {
        Path project = laptop.resolve("big");
        ScatterCli cli = scatter(project, null);
        ScatterCli.Result run = cli.run("run", "--remote", ssh.hostAlias() + ":scatter-it/big", "--range", "1..10000",
                "--chunk", "1000", "--", "echo", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        int runTrips = roundTrips();

        int before = roundTrips();
        ScatterCli.Result running = cli.run("status");
        int runningTrips = roundTrips() - before;
        assertThat(running.exitCode()).as(running.toString()).isIn(0, 1);
        assertThat(runningTrips).as("status of the run under way sent %s", calls(before)).isLessThanOrEqualTo(3);

        ScatterCli.Result watch = cli.run("watch");
        assertThat(watch.exitCode()).as(watch.toString()).isZero();

        before = roundTrips();
        long start = System.nanoTime();
        ScatterCli.Result status = cli.run("status");
        double seconds = (System.nanoTime() - start) / 1e9;
        int statusTrips = roundTrips() - before;
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("10000");
        assertThat(statusTrips).as("status sent %s", calls(before)).isLessThanOrEqualTo(3);

        before = roundTrips();
        ScatterCli.Result gather = cli.run("gather", "-o", "all.txt");
        int gatherTrips = roundTrips() - before;
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(gatherTrips).as("gather sent %s", calls(before)).isLessThanOrEqualTo(3);
        assertThat(Files.readAllLines(project.resolve("all.txt"))).hasSize(10000).startsWith("1", "2").endsWith("10000");
        System.out.printf("remote 10k entries: run (submit) %d round trips; status while running %d; status %d round trips,"
                + " %.2f s; gather %d%n", runTrips, runningTrips, statusTrips, seconds, gatherTrips);
    }

    @Test
    void a_connection_dropped_after_sbatch_got_through_is_looked_up_not_submitted_twice() throws IOException {
        Path project = laptop.resolve("drop");
        ScatterCli cli = scatter(project, "drop");
        ScatterCli.Result run = cli.run("run", "--remote", ssh.hostAlias() + ":scatter-it/drop", "--range", "1..20",
                "--chunk", "2", "--wait", "--", "sh", "-c", "echo $1 >> seen.txt", "sh", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(remote("sort -n scatter-it/drop/seen.txt"))
                .isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(i -> i + "\n").collect(Collectors.joining()));
    }

    @Test
    void a_client_killed_mid_submit_resumes_with_nothing_lost_and_nothing_doubled() throws IOException {
        Path project = laptop.resolve("kill");
        ScatterCli cli = scatter(project, "kill");
        ScatterCli.Result run = cli.run("run", "--remote", ssh.hostAlias() + ":scatter-it/kill", "--range", "1..30",
                "--chunk", "3", "--", "sh", "-c", "echo $1 >> seen.txt", "sh", "{}");
        assertThat(run.exitCode()).as("killed in the middle of its sbatch: " + run).isNotZero();
        // SLURM does not make its --output directory: it went up with the attempt, before the sbatch that was cut off
        assertThat(remote("test -d scatter-it/kill/.scatter/runs/1/attempts/1/slurm && echo there")).isEqualTo("there\n");

        ScatterCli.Result resume = cli.run("resume", "--wait");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(remote("sort -n scatter-it/kill/seen.txt"))
                .isEqualTo(IntStream.rangeClosed(1, 30).mapToObj(i -> i + "\n").collect(Collectors.joining()));
        assertThat(remote("squeue -h -o %j; sacct -n -X -o JobName%40 | sort -u | grep -c sc- || true").strip())
                .isNotEmpty();
    }

    @Test
    void an_unreachable_host_is_one_line_exit_3_and_nothing_is_written() throws IOException {
        Path config = laptop.resolve("nowhere_config");
        Files.writeString(config, "Host nowhere\n  HostName 127.0.0.1\n  Port 1\n  BatchMode yes\n  ConnectTimeout 5\n");
        Path project = laptop.resolve("unreachable");
        Files.createDirectories(project);
        Map<String, String> env = Map.of("SCATTER_SSH_CONFIG", config.toString(),
                "SCATTER_SSH_CONTROL_DIR", laptop.resolve("ctl").toString());
        ScatterCli.Result r = new ScatterCli(project, env).run("run", "--remote", "nowhere", "--range", "1..3", "--", "echo", "{}");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr().strip()).doesNotContain("\n").contains("cannot reach nowhere over ssh");
        assertThat(project.resolve(".scatter")).doesNotExist();
    }

    @Test
    void a_laptop_without_the_run_fetches_it_with_remote() throws IOException {
        Path first = laptop.resolve("first");
        ScatterCli cli = scatter(first, null);
        ScatterCli.Result run = cli.run("run", "--remote", ssh.hostAlias() + ":scatter-it/shared", "--range", "1..5", "--wait",
                "--", "echo", "n{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Path other = laptop.resolve("other");
        ScatterCli elsewhere = scatter(other, null);
        ScatterCli.Result gather = elsewhere.run("gather", "--remote", ssh.hostAlias() + ":scatter-it/shared");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(gather.stdout()).isEqualTo("n1\nn2\nn3\nn4\nn5\n");
        assertThat(new String(Files.readAllBytes(other.resolve(".scatter/runs/1/spec.json")), StandardCharsets.UTF_8))
                .contains("scatter-it/shared");

        // a third machine with no ledger at all, its remote from the project's config: the number 1 is taken there
        Path third = laptop.resolve("third");
        Files.createDirectories(third);
        Files.writeString(third.resolve("scatter.toml"), "remote = \"" + ssh.hostAlias() + ":scatter-it/shared\"\n");
        ScatterCli fresh = scatter(third, null);
        ScatterCli.Result next = fresh.run("run", "--range", "1..2", "--wait", "--", "echo", "m{}");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.stderr()).contains("run 2: 2 entries");
        assertThat(third.resolve(".scatter/runs/2/spec.json")).exists();
        assertThat(remote("cat scatter-it/shared/.scatter/runs/1/spec.json")).contains("\"id\" : \"1\"");
    }
}
