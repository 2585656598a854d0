package dev.scatter.cli;

import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.run.Runs;
import java.util.Optional;
import picocli.CommandLine.Parameters;

/** The optional {@code RUN} argument: a run id, name or directory; the newest run here by default. */
class RunRef {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", completionCandidates = RunIds.class,
            description = "Run id, name or directory (default: the newest run in this directory).")
    String run;

    RunDir resolve(Runs runs) {
        return runs.find(Optional.ofNullable(run));
    }
}
