package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that go wrong around the entries: a damaged ledger, a rejected submission, a retry while the
 * run executes; and removing runs (rm, clean).
 */
class HousekeepingEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aDamagedSpecHidesNoOtherRunAndRmRemovesIt() throws Exception {
        ScatterCli cli = new ScatterCli(dir);
        assertThat(cli.run("run", "--range", "1..2", "--", "true").exitCode()).isZero();
        assertThat(cli.run("run", "--range", "1..2", "--", "true").exitCode()).isZero();
        Files.writeString(dir.resolve(".scatter/runs/1/spec.json"), "{\"id\": \"1\", \"na");

        ScatterCli.Result runs = cli.run("runs");
        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(runs.stdout()).containsPattern("(?m)^2 +true +local").containsPattern("(?m)^1 +unreadable: .*scatter rm 1 removes it");
        ScatterCli.Result status = cli.run("status", "1");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.stderr().strip()).hasLineCount(1).contains("run 1 cannot be read", "scatter rm 1");
        assertThat(cli.run("status").exitCode()).as("the newest run still reads").isZero();

        assertThat(cli.run("rm", "1").exitCode()).isZero();
        assertThat(dir.resolve(".scatter/runs/1")).doesNotExist();
        assertThat(cli.run("rm", "9").exitCode()).as("an unknown run: nothing removed").isEqualTo(2);
        assertThat(dir.resolve(".scatter/runs/2")).isDirectory();
    }

    @Test
    void aRunningRunIsRemovedOnlyWithForceAndCleanSparesIt() throws Exception {
        ScatterCli cli = new ScatterCli(dir);
        assertThat(cli.run("run", "--name", "old", "--range", "1..2", "--", "true").exitCode()).isZero();
        assertThat(cli.run("run", "--detach", "--range", "1..4", "--", "sleep", "60").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("status", "2").stdout().contains("RUNNING"));

        ScatterCli.Result refused = cli.run("rm", "2");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr().strip()).isEqualTo("scatter: run 2 is still running (4 entries are queued or running):"
                + " cancel it first (scatter cancel 2), or scatter rm --force 2 cancels and removes it");

        ScatterCli.Result retry = cli.run("retry", "2");
        assertThat(retry.exitCode()).isEqualTo(3);
        assertThat(retry.stderr()).contains("run 2 is executing on this machine");
        assertThat(dir.resolve(".scatter/runs/2/attempts/2")).as("nothing written").doesNotExist();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> cli.run("clean", "--older-than", "1s", "--dry-run").stdout().contains("would remove run 1 (old"));
        ScatterCli.Result clean = cli.run("clean", "--older-than", "1s");
        assertThat(clean.stdout()).contains("removed run 1").doesNotContain("run 2");
        assertThat(dir.resolve(".scatter/runs/1")).doesNotExist();

        ScatterCli.Result forced = cli.run("rm", "--force", "2");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(dir.resolve(".scatter/runs/2")).doesNotExist();
        assertThat(cli.run("runs").stdout()).contains("no runs here yet");
    }

    @Test
    void aRejectedSubmissionSaysWhyInRunsAndStatus() throws Exception {
        Path state = dir.resolve("sim");
        ScatterCli.Result start = new ScatterCli(dir).run("sim", "start", "--state-dir", state.toString());
        assertThat(start.exitCode()).as(start.toString()).isZero();
        try {
            ScatterCli cli = new ScatterCli(dir, Map.of("PATH", start.stdout().strip() + ":" + System.getenv("PATH")));
            ScatterCli.Result run = cli.run("run", "-p", "nope", "--range", "1..3", "--", "true");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(cli.run("runs").stdout()).contains("incomplete: attempt 1: submission failed, 1 array(s) rejected"
                    + " (sbatch: error: invalid partition specified: nope)");
            assertThat(cli.run("status").stdout()).contains("note: attempt 1: submission failed, 1 array(s) rejected"
                    + " (sbatch: error: invalid partition specified: nope): fix the cause, then scatter resume submits them");
        } finally {
            new ScatterCli(dir).run("sim", "stop", "--state-dir", state.toString());
        }
    }
}
