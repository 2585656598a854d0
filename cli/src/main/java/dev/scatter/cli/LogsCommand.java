package dev.scatter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ExitCode;
import dev.scatter.core.UsageException;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.run.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter logs [RUN] ENTRY}: one entry's output, exactly as it printed it. */
@Command(name = "logs", description = {"Print one entry's stdout (or stderr) from its latest attempt.", ""},
        footer = {"", "Examples:",
                "  scatter logs -e 17 --stderr      # entry 17 of the newest run, its stderr",
                "  scatter logs 3 --entries 17      # entry 17 of run 3",
                "  scatter logs --then              # the newest run's --then step"})
public class LogsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Mixin
    EntrySelection selection;

    @Option(names = "--stderr", description = "Print stderr instead of stdout.")
    boolean stderr;

    @Option(names = "--before", description = "The --before step's output instead of an entry's.")
    boolean before;

    @Option(names = "--then", description = "The --then step's output instead of an entry's.")
    boolean then;

    @Option(names = "--json", description = "One JSON object: the entry's state, exit code, attempt, task, host, times, and its output as text (docs/json.md).")
    boolean json;

    @Override
    public Integer call() {
        try (Runs runs = Cli.runs()) {
            return before || then ? step(runs, before ? "before" : "then") : entry(runs);
        }
    }

    private int entry(Runs runs) {
        if (selection.entries == null) {
            throw new UsageException("which entry? give its number with --entries (e.g. scatter logs -e 17), or --before / --then");
        }
        RunDir run = ref.resolve(runs);
        Set<Integer> chosen = selection.chosen(run.spec().entryCount()).orElseThrow();
        if (chosen.size() != 1) {
            throw new UsageException("--entries " + selection.entries + " names " + chosen.size()
                    + " entries: logs prints one, e.g. --entries " + chosen.iterator().next());
        }
        int entry = chosen.iterator().next();
        // --json gives the entry's own start and end: a summarized task's entries carry its span
        RunStatus status = json ? runs.statusInFull(run) : runs.status(run);
        return print(runs, run, status.entry(entry), "entry " + entry);
    }

    private int step(Runs runs, String kind) {
        if (selection.entries != null) {
            throw new UsageException("--" + kind + " shows a step, not an entry: drop --entries");
        }
        RunDir run = ref.resolve(runs);
        EntryStatus s = runs.status(run).step(kind).orElseThrow(() -> new UsageException("run " + run.spec().id()
                + " has no --" + kind + " step"));
        return print(runs, run, s, "the " + kind + " step");
    }

    private int print(Runs runs, RunDir run, EntryStatus s, String what) {
        byte[] bytes = runs.output(run, s, stderr);
        if (json) {
            ObjectNode o = Json.object();
            o.put("run", run.spec().id());
            o.setAll(s.entry() > 0 ? StatusReport.entryJson(s, StatusReport.inputsOf(run, List.of(s))) : stepJson(s, what));
            o.put("stream", stderr ? "stderr" : "stdout");
            o.put("bytes", bytes.length);
            o.put("output", new String(bytes, StandardCharsets.UTF_8));
            spec.commandLine().getOut().print(Json.pretty(o));
            spec.commandLine().getOut().flush();
            return ExitCode.OK.code();
        }
        spec.commandLine().getOut().flush();
        try {
            System.out.write(bytes);
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length == 0 && !s.state().isFinal()) {
            spec.commandLine().getErr().println("scatter: " + what + " is " + s.state() + ": no output yet");
        }
        return ExitCode.OK.code();
    }

    private static ObjectNode stepJson(EntryStatus s, String what) {
        ObjectNode o = Json.object();
        o.put("step", what.replace("the ", "").replace(" step", ""));
        o.put("state", s.state().name());
        s.exitCode().ifPresent(c -> o.put("exit_code", c));
        o.put("reason", s.detail());
        o.put("attempt", s.attempt());
        return o;
    }
}
