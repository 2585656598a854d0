package dev.scatter.local;

import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.run.Cancelled;
import dev.scatter.core.run.Runs;
import dev.scatter.core.status.StatusReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link MemoryBoundsTest} runs in a JVM with a small heap to cancel a run none of whose tasks
 * has begun: the cancel, then the run's status and the failures a listing shows. Prints one line:
 * what the cancel counted, the status's counts, the failures shown, and the lines of the cancelled
 * file.
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
        System.out.println("cancelled " + c.cancelled() + " finished " + c.alreadyFinished() + " status " + status.count(EntryState.CANCELLED)
                + " of " + status.size() + " shown " + status.failures(10).size() + " lines "
                + Files.readAllLines(run.latestAttempt().cancelled()).size());
    }
}
