package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.run.Cancelled;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scatter cancel [RUN] [ENTRY...]}: stop what is queued or running. */
@Command(name = "cancel", description = {"Stop a run's queued and running entries: all of them, or the given ones.",
        "They become CANCELLED, and scatter retry runs them again. Entries that ended keep their results.", ""},
        footer = {"", "Examples:",
                "  scatter cancel                      # the newest run, every entry not ended",
                "  scatter cancel 3                    # run 3",
                "  scatter cancel 3 --entries 17,20-25 # entries 17 and 20 to 25 of run 3",
                "  scatter cancel -e 17                # entry 17 of the newest run"})
public class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Mixin
    EntrySelection selection;

    @Override
    public Integer call() {
        try (Runs runs = Cli.runs()) {
            var run = ref.resolve(runs);
            Cancelled c = runs.cancel(run, selection.chosen(run.spec().entryCount()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("run " + run.spec().id() + ": cancelled " + c.cancelled() + " entr" + (c.cancelled() == 1 ? "y" : "ies")
                    + (c.alreadyFinished() > 0 ? " (" + c.alreadyFinished() + " had already finished and keep their result)" : "")
                    + (c.cancelled() > 0 ? "; scatter retry " + run.spec().id() + " runs them again" : ""));
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
