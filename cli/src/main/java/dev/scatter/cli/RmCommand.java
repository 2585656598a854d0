package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.UnreadableRun;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scatter rm RUN...}: removes runs' ledgers (their outputs and records) from this directory. */
@Command(name = "rm", description = {"Remove runs: their ledgers, with every entry's output and record.",
        "A run still running is refused unless --force, which cancels it first. Files your commands wrote elsewhere stay.", ""},
        footer = {"", "Examples:",
                "  scatter rm 3 4            # runs 3 and 4",
                "  scatter rm --force 7      # cancel run 7's queued and running entries, then remove it",
                "  scatter clean --older-than 30d   # every finished run older than 30 days"})
public class RmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", arity = "1..*", completionCandidates = RunIds.class,
            description = "Run ids, names or directories.")
    List<String> runs = new ArrayList<>();

    @Option(names = "--force", description = "Cancel a run that is still running, then remove it.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Runs all = Cli.runs()) {
            // every name first: a typo removes nothing
            List<UnreadableRun> damaged = all.unreadable();
            List<Object> found = new ArrayList<>();
            for (String r : runs) {
                Optional<UnreadableRun> d = damaged.stream().filter(u -> u.id().equals(r)).findFirst();
                found.add(d.isPresent() ? d.get() : all.find(Optional.of(r)));
            }
            for (Object o : found) {
                Path root;
                if (o instanceof UnreadableRun u) {
                    all.remove(u);
                    root = u.run().root();
                } else {
                    RunDir run = (RunDir) o;
                    all.remove(run, force);
                    root = run.root();
                }
                out.println("removed run " + root.getFileName() + " (" + Cli.workdir().relativize(root) + ")");
                out.flush();
            }
        }
        return ExitCode.OK.code();
    }
}
