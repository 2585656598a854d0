package dev.scatter.cli;

import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.run.Runs;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The optional {@code RUN} argument: a run id, name or directory; the newest run here by default. */
class RunRef {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", completionCandidates = RunIds.class,
            description = "Run id, name or directory (default: the newest run in this directory).")
    String run;

    @Option(names = "--remote", paramLabel = "[USER@]HOST[:DIR]", description = "Where the run lives when this directory"
            + " does not have it (it was started with --remote on another machine): its ledger is fetched over ssh first."
            + " A run started here with --remote needs nothing: it remembers its cluster.")
    String remote;

    RunDir resolve(Runs runs) {
        Path here = Path.of("").toAbsolutePath();
        return runs.find(Optional.ofNullable(run), Optional.ofNullable(remote).map(r -> RemoteTarget.parse(r,
                here.getFileName() == null ? "scatter" : here.getFileName().toString())));
    }
}
