package dev.scatter.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.CancelledEntries;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryRanges;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What status makes of result records a task left, as a scheduler's task leaves them (written by hand here). */
class StatusFromTheLedgerTest {

    @TempDir
    Path dir;

    @Test
    void anEntryTheUserCancelledThatDiedOfTheCancelsSignalIsCancelledNotFailed() throws IOException {
        LocalBackend backend = new LocalBackend();
        RunDir run = TestRuns.range(dir, backend, "1..4", 4, Resources.defaults(), "sleep 60");
        AttemptDir attempt = run.latestAttempt();
        // scancel sent SIGTERM: the command died (143) and the wrapper recorded it before its TERM trap ran
        Files.writeString(attempt.results(0), "B 1 1.0 n1 7\nE 1 0 2.0\nB 2 2.0 n1 7\nE 2 143 3.0\nB 3 3.0 n1 7\nE 3 143 4.0\n"
                + "B 4 4.0 n1 7\nE 4 137 5.0\n");
        CancelledEntries.append(attempt, EntryRanges.of(List.of(2, 4)));

        RunStatus s = StatusReader.read(run, backend.live(run));
        assertThat(s.entry(1).state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(s.entry(2).state()).isEqualTo(EntryState.CANCELLED);
        assertThat(s.entry(2).detail()).isEqualTo("cancelled by the user (exit 143 (killed by signal TERM))");
        assertThat(s.entry(2).exitCode()).hasValue(143);
        assertThat(s.entry(3).state()).as("killed by SIGTERM, but nobody cancelled it").isEqualTo(EntryState.FAILED);
        assertThat(s.entry(4).state()).as("SIGKILL after the cancel's grace").isEqualTo(EntryState.CANCELLED);
    }
}
