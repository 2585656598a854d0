package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.RunStatus;
import dev.scatter.core.status.StatusReader;
import java.io.PrintWriter;
import java.util.List;

/** Starts attempts and reports: the local backend ends with a summary, a cluster with how to watch. */
final class Finish {

    private Finish() {
    }

    static int afterStart(RunDir run, Backend backend, List<AttemptDir> attempts, PrintWriter out, PrintWriter err) {
        long started = System.nanoTime();
        Execution.start(run, backend, attempts, err, run.spec().entryCount());
        RunStatus status = StatusReader.read(run, backend.live(run));
        if (!status.finished() && !Backends.runsInForeground(backend)) {
            out.println("run " + run.spec().id() + ": submitted; scatter watch " + run.spec().id() + " follows it");
            out.flush();
            return ExitCode.OK.code();
        }
        Summary.print(status, (System.nanoTime() - started) / 1e9, out);
        return status.allSucceeded() ? ExitCode.OK.code() : ExitCode.ENTRIES_FAILED.code();
    }
}
