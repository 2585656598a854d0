package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.UsageException;
import dev.scatter.core.model.IndexRanges;
import dev.scatter.core.run.Cancelled;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scatter cancel [RUN] [ENTRY...]}: stop what is queued or running. */
@Command(name = "cancel", description = {"Stop a run's queued and running entries: all of them, or the given ones.",
        "They become CANCELLED, and scatter retry runs them again. Entries that ended keep their results.", ""},
        footer = {"", "Examples:",
                "  scatter cancel                      # the newest run, every entry not ended",
                "  scatter cancel 3                    # run 3",
                "  scatter cancel 3 17 20-25           # entries 17 and 20 to 25 of run 3",
                "  scatter cancel --entries 17,20-25   # those entries of the newest run"})
public class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "[RUN] [ENTRY...]", description = "A run (default: newest), then entries (e.g. 17 20-25).")
    List<String> args = new ArrayList<>();

    @Option(names = "--entries", paramLabel = "LIST", description = "Entries of the newest run, e.g. 17,20-25.")
    String entries;

    @Override
    public Integer call() {
        List<String> entryArgs = new ArrayList<>(args.size() > 1 ? args.subList(1, args.size()) : List.of());
        if (entries != null) {
            entryArgs.add(entries);
        }
        try (Runs runs = Cli.runs()) {
            var run = runs.find(args.isEmpty() ? Optional.empty() : Optional.of(args.get(0)));
            Cancelled c = runs.cancel(run, wanted(entryArgs, run.spec().entryCount()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("run " + run.spec().id() + ": cancelled " + c.cancelled() + " entr" + (c.cancelled() == 1 ? "y" : "ies")
                    + (c.alreadyFinished() > 0 ? " (" + c.alreadyFinished() + " had already finished and keep their result)" : "")
                    + (c.cancelled() > 0 ? "; scatter retry " + run.spec().id() + " runs them again" : ""));
            out.flush();
        }
        return ExitCode.OK.code();
    }

    /** The entries named, or empty for all; a number beyond the run's {@code count} entries is refused before any range is expanded. */
    private static Optional<Set<Integer>> wanted(List<String> args, int count) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> out = new TreeSet<>();
        for (String a : args) {
            try {
                List<Integer> entries = IndexRanges.parse(a, count);
                if (entries.isEmpty()) {
                    throw new IllegalArgumentException("blank");
                }
                out.addAll(entries);
            } catch (IndexRanges.BeyondException e) {
                throw new UsageException("entry " + e.number() + " is not in this run: it has entries 1 to " + count);
            } catch (IllegalArgumentException e) {
                throw new UsageException("'" + a + "' is not a list of entries: write e.g. 17 or 20-25 or 17,20-25");
            }
        }
        return Optional.of(out);
    }
}
