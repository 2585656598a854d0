package dev.scatter.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ExitCode;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.UnreadableRun;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter runs}: the runs of this directory, newest first. */
@Command(name = "runs", description = {"List the runs in this directory, newest first.", ""})
public class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "A JSON array, newest run first (docs/json.md).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Runs all = Cli.runs()) {
            return json ? listJson(all, out) : list(all, out);
        }
    }

    private int listJson(Runs all, PrintWriter out) {
        ArrayNode runs = Json.array();
        for (RunDir run : all.list()) {
            RunStatus s = all.status(run);
            ObjectNode o = runs.addObject();
            o.put("run", run.spec().id());
            o.put("name", run.spec().name());
            o.put("backend", run.spec().backend());
            o.put("created", run.spec().created().toString());
            o.put("dir", run.root().toString());
            o.put("entries", s.size());
            o.put("succeeded", s.count(EntryState.SUCCEEDED));
            o.put("failed", s.failed());
            o.put("finished", s.finished());
            o.put("all_succeeded", s.allSucceeded());
            if (!s.note().isEmpty()) {
                o.put("note", s.note());
            }
        }
        for (UnreadableRun u : all.unreadable()) {
            ObjectNode o = runs.addObject();
            o.put("run", u.id());
            o.put("dir", u.run().root().toString());
            o.put("unreadable", u.why());
        }
        out.print(Json.pretty(runs));
        out.flush();
        return ExitCode.OK.code();
    }

    private int list(Runs all, PrintWriter out) {
        List<RunDir> runs = all.list();
        List<UnreadableRun> damaged = all.unreadable();
        if (runs.isEmpty() && damaged.isEmpty()) {
            out.println("no runs here yet: scatter run --help");
            out.flush();
            return ExitCode.OK.code();
        }
        out.printf("%-5s %-16s %-8s %-16s %8s %9s %7s  %s%n", "RUN", "NAME", "BACKEND", "CREATED", "ENTRIES", "SUCCEEDED",
                "FAILED", "STATE");
        for (RunDir run : runs) {
            RunStatus s = all.status(run);
            int failed = s.failed();
            out.printf("%-5s %-16s %-8s %-16s %8d %9d %7d  %s%n", run.spec().id(), Terminal.clip(run.spec().name(), 16),
                    run.spec().backend(), WHEN.format(run.spec().created()), s.size(),
                    s.count(EntryState.SUCCEEDED), failed,
                    s.finished() ? (failed == 0 ? "done" : "done, with failures")
                            : s.note().isEmpty() ? "running or incomplete" : "incomplete: " + Terminal.clip(s.note(), 160));
        }
        for (UnreadableRun u : damaged) {
            String id = u.id();
            out.printf("%-5s unreadable: %s (scatter rm %s removes it)%n", id, u.why(), id);
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
