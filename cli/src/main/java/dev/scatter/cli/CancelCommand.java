package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.CancelledEntries;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.ledger.RunStore;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.IndexRanges;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scatter cancel [RUN] [ENTRY...]}: stop what is queued or running. */
@Command(name = "cancel", description = {"Stop a run's queued and running entries (all, or the given ones);",
        "they become CANCELLED and scatter retry runs them again. Nothing else changes.", ""},
        footer = {"", "Examples: scatter cancel (the newest run, all)  ·  scatter cancel 3  ·  scatter cancel 3 17 20-25",
                "          scatter cancel --entries 17,20-25 (the newest run)"})
public class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "[RUN] [ENTRY...]", description = "A run (default: newest), then entries (e.g. 17 20-25).")
    List<String> args = new ArrayList<>();

    @Option(names = "--entries", paramLabel = "LIST", description = "Entries of the newest run, e.g. 17,20-25.")
    String entries;

    @Override
    public Integer call() {
        RunStore store = new RunStore(Path.of("").toAbsolutePath());
        RunDir run = store.resolve(args.isEmpty() ? Optional.empty() : Optional.of(args.get(0)));
        List<String> entryArgs = new ArrayList<>(args.size() > 1 ? args.subList(1, args.size()) : List.of());
        if (entries != null) {
            entryArgs.add(entries);
        }
        Backend backend = Backends.forRun(run);
        PrintWriter out = spec.commandLine().getOut();
        try (RunLock lock = RunLock.acquire(run, "cancel")) {
            RunStatus status = StatusReader.read(run, backend.live(run));
            Set<Integer> wanted = wanted(entryArgs, run.spec().entryCount());
            Map<Integer, List<EntryStatus>> byAttempt = new TreeMap<>();
            int finished = 0;
            for (EntryStatus e : status.entries()) {
                if (wanted != null && !wanted.contains(e.entry())) {
                    continue;
                }
                if (e.state().isFinal()) {
                    finished++;
                } else {
                    byAttempt.computeIfAbsent(e.attempt(), a -> new ArrayList<>()).add(e);
                }
            }
            int cancelled = 0;
            for (Map.Entry<Integer, List<EntryStatus>> a : byAttempt.entrySet()) {
                var attempt = run.attempt(a.getKey());
                CancelledEntries.append(attempt, a.getValue().stream().map(EntryStatus::entry).toList());
                Set<Integer> tasks = new TreeSet<>();
                a.getValue().forEach(e -> tasks.add(e.task()));
                backend.cancel(run, attempt, tasks);
                cancelled += a.getValue().size();
            }
            out.println("run " + run.spec().id() + ": cancelled " + cancelled + " entr" + (cancelled == 1 ? "y" : "ies")
                    + (finished > 0 ? " (" + finished + " had already finished and keep their result)" : "")
                    + (cancelled > 0 ? "; scatter retry " + run.spec().id() + " runs them again" : ""));
            out.flush();
        }
        return ExitCode.OK.code();
    }

    /** The entries named, or null for all. */
    private static Set<Integer> wanted(List<String> args, int n) {
        if (args.isEmpty()) {
            return null;
        }
        Set<Integer> out = new TreeSet<>();
        for (String a : args) {
            if (!a.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
                throw new UsageException("'" + a + "' is not a list of entries: write e.g. 17 or 20-25 or 17,20-25");
            }
            for (int e : IndexRanges.parse(a)) {
                if (e < 1 || e > n) {
                    throw new UsageException("entry " + e + " is not in this run: it has entries 1 to " + n);
                }
                out.add(e);
            }
        }
        return out;
    }
}
