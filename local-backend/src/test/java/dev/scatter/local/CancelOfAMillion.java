package dev.scatter.local;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.CommandsFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.run.Cancelled;
import dev.scatter.core.run.Runs;
import dev.scatter.core.status.StatusReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link MemoryBoundsTest} runs in a JVM with a small heap to cancel a run none of whose tasks
 * has begun: the cancel, then the run's status and the failures a listing shows, then the retry of
 * them all written into the ledger. Prints one line: what the cancel counted, the status's counts,
 * the failures shown, the lines of the cancelled file, the entries retried and the retry's last
 * command.
 */
public final class CancelOfAMillion {

    private CancelOfAMillion() {
    }

    public static void main(String[] args) throws IOException {
        Path workdir = Path.of(args[0]);
        RunDir run = new RunDir(Path.of(args[1]));
        Cancelled c;
        try (Runs runs = new Runs(workdir, new LocalOnlyCatalog())) {
            c = runs.cancel(run, Optional.empty());
        }
        RunStatus status = StatusReader.read(run, new LocalBackend().live(run));
        int lines = Files.readAllLines(run.latestAttempt().cancelled()).size();
        // the retry of them all, written as scatter retry writes it (its executor not started)
        List<AttemptDir> retry = RetryPlanner.write(run, RetryPlanner.plan(run, status, e -> e.state().isFailure(), Set.of(),
                r -> r, false, 1000), new LocalBackend());
        AttemptDir written = retry.get(0);
        System.out.println("cancelled " + c.cancelled() + " finished " + c.alreadyFinished() + " status " + status.count(EntryState.CANCELLED)
                + " of " + status.size() + " shown " + status.failures(10).size() + " lines " + lines + " retried "
                + written.spec().plan().entryCount() + " last " + CommandsFile.taskRecords(written, written.spec().taskCount() - 1)
                .stream().map(r -> new String(r, 0, r.length - 1, StandardCharsets.UTF_8)).reduce((a, b) -> b).orElseThrow());
    }
}
