package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.gather.Gatherer;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.Entry;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter gather}: every entry's stdout, in input order. */
@Command(name = "gather", description = {"Print every succeeded entry's stdout in input order.",
        "Entries that did not succeed are left out and listed on stderr.", ""},
        footer = {"", "Examples:",
                "  scatter gather > all.txt             # the newest run's outputs, in order",
                "  scatter gather 3 -o fits.csv --csv   # run 3's CSVs under one header",
                "  scatter gather --allow-missing | wc -l",
                "", "Exit code: 0 when every entry was gathered, 1 when some are missing (unless --allow-missing)."})
public class GatherCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout: a file is replaced whole (atomically), a symlink followed,"
                    + " a device or FIFO written through.")
    Path output;

    @Option(names = "--csv", description = "Each entry prints a CSV with a header: keep the header once.")
    boolean csv;

    @Option(names = "--allow-missing", description = "Exit 0 even when some entries did not succeed.")
    boolean allowMissing;

    @Override
    public Integer call() {
        try (Runs runs = Cli.runs()) {
            RunDir run = ref.resolve(runs);
            spec.commandLine().getOut().flush();
            Runs.Gathered gathered = runs.gather(run, Optional.ofNullable(output), csv);
            return report(run, gathered);
        }
    }

    private int report(RunDir run, Runs.Gathered gathered) {
        RunStatus status = gathered.status();
        Gatherer.Result result = gathered.result();
        PrintWriter err = spec.commandLine().getErr();
        result.warnings().forEach(w -> err.println("scatter: warning: " + w));
        int missing = result.missing();
        if (missing > 0) {
            List<EntryStatus> listed = result.firstMissing();
            Map<Integer, Entry> entries = StatusReport.inputsOf(run, listed);
            err.println("scatter: " + missing + " of " + status.size() + " entries not gathered:");
            for (EntryStatus m : listed) {
                err.println("  " + m.entry() + "  " + m.state() + (m.detail().isEmpty() ? "" : ": " + m.detail())
                        + "  [" + Terminal.clip(entries.get(m.entry()).text(), 60) + "]");
            }
            if (missing > listed.size()) {
                err.println("  … and " + (missing - listed.size()) + " more (scatter status " + run.spec().id() + " --json)");
            }
        }
        err.flush();
        return missing == 0 || allowMissing ? ExitCode.OK.code() : ExitCode.ENTRIES_FAILED.code();
    }
}
