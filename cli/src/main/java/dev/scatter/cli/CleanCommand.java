package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter clean --older-than AGE}: removes the old runs here that are not running. */
@Command(name = "clean", description = {"Remove the runs here older than an age, except those still running.", ""},
        footer = {"", "Examples:",
                "  scatter clean --older-than 30d --dry-run   # what would go",
                "  scatter clean --older-than 12h"})
public class CleanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--older-than", paramLabel = "AGE", required = true,
            description = "Created longer ago than AGE: 30d, 12h, 90m (or SLURM's D-HH:MM:SS).")
    String olderThan;

    @Option(names = "--dry-run", description = "List the runs it would remove; remove nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Duration age = TimeLimit.parse(olderThan, "--older-than").duration();
        PrintWriter out = spec.commandLine().getOut();
        try (Runs all = Cli.runs()) {
            List<RunDir> old = all.clean(age, dryRun);
            for (RunDir run : old) {
                out.println((dryRun ? "would remove run " : "removed run ") + run.spec().id() + " (" + run.spec().name()
                        + ", created " + run.spec().created() + ")");
            }
            if (old.isEmpty()) {
                out.println("no run here is older than " + olderThan + " and finished");
            }
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
