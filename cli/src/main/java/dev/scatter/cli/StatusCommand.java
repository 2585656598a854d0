package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.run.Runs;
import dev.scatter.core.status.ResourceUsage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter status}: counts per state, and why each failed entry failed. */
@Command(name = "status", description = {"Counts per state; failed entries with their exit code and last stderr lines.", ""},
        footer = {"", "Exit code: 0 when every entry succeeded, 1 otherwise (failed or not finished)."})
public class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--all", description = "With --json: every entry's state, not only the failed ones.")
    boolean all;

    @Option(names = "--resources", description = "Runtime, peak memory and CPU efficiency against what was requested, to right-size -t, --mem and -c (on a cluster: one sacct or qstat call for the tasks that ended since last time).")
    boolean resources;

    @Override
    public Integer call() {
        RunDir run;
        RunStatus status;
        ResourceUsage usage;
        try (Runs runs = Cli.runs()) {
            run = ref.resolve(runs);
            // each entry's own times for its line (--all); --resources draws on the summaries' run times
            status = all ? runs.statusInFull(run) : runs.status(run);
            usage = resources ? runs.resources(run, status) : null;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            StatusReport.writeJson(run, status, all, resources ? ResourcesReport.json(usage, all) : null, out);
        } else {
            StatusReport.printText(run, status, out);
            if (resources) {
                ResourcesReport.printText(usage, out);
            }
        }
        return status.allSucceeded() ? ExitCode.OK.code() : ExitCode.ENTRIES_FAILED.code();
    }
}
