package dev.scatter.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.gather.EntryOutputs;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.EntriesFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.Entry;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** {@code scatter status} as text for people and as JSON for scripts. */
final class StatusReport {

    static final int STDERR_LINES = 5;
    private static final int SHOWN_FAILURES = 20;

    private StatusReport() {
    }

    static void printText(RunDir run, RunStatus status, PrintWriter out) {
        var spec = status.spec();
        out.println("run " + spec.id() + " (" + spec.name() + ") · " + spec.backend()
                + spec.remote().map(r -> " on " + r).orElse("") + " · " + spec.inputs() + " · "
                + status.size() + " entries in " + status.tasks() + " tasks"
                + (status.attempts() > 1 ? " · " + status.attempts() + " attempts" : "")
                + " · " + (status.finished() ? "finished" : "not finished"));
        Map<EntryState, Integer> counts = status.counts();
        int done = status.ended();
        out.println("  " + Terminal.bar(done, status.size(), 30) + " " + done + "/" + status.size());
        for (EntryState state : EntryState.values()) {
            Integer c = counts.get(state);
            if (c != null) {
                out.printf("  %-14s %d%n", state, c);
            }
        }
        status.steps().forEach((kind, step) -> out.println("  " + kind + " step: " + describeStep(status, kind, step)));
        dev.scatter.core.plan.TaskSizing.describe(run).ifPresent(d -> out.println("  " + d));
        if (!status.note().isEmpty()) {
            out.println("  note: " + status.note());
        }
        int failed = status.failed();
        if (failed > 0) {
            List<EntryStatus> shown = status.failures(SHOWN_FAILURES);
            Map<Integer, Entry> entries = inputsOf(run, shown);
            EntryOutputs outputs = new EntryOutputs(run);
            out.println();
            out.println("failed entries" + (failed > SHOWN_FAILURES ? " (first " + SHOWN_FAILURES + " of "
                    + failed + "; --json lists all)" : "") + ":");
            for (EntryStatus f : shown) {
                out.println("  " + f.entry() + "  " + f.state() + (f.detail().isEmpty() ? "" : ": " + f.detail())
                        + "  [" + Terminal.clip(entries.get(f.entry()).text(), 60) + "]"
                        + (f.host().isEmpty() ? "" : " on " + f.host()));
                String tail = outputs.stderrTail(f, STDERR_LINES);
                if (!tail.isEmpty()) {
                    for (String line : tail.split("\n")) {
                        out.println("      | " + line);
                    }
                }
            }
            out.println();
            out.println("  scatter logs " + spec.id() + " ENTRY --stderr   the whole stderr of an entry");
        }
        out.flush();
    }

    /** A step's state in words, with why it waits when it waits. */
    static String describeStep(RunStatus status, String kind, EntryStatus step) {
        String words = step.state() + (step.detail().isEmpty() ? "" : ": " + step.detail());
        int bad = status.failed();
        if (kind.equals("then") && step.state() != EntryState.SUCCEEDED && bad > 0 && !ranItself(step)) {
            return "held back: " + bad + " entries did not succeed (it runs after a successful scatter retry "
                    + status.spec().id() + ", or by hand: scatter then " + status.spec().id() + ")";
        }
        if (kind.equals("then") && !step.state().isFinal()) {
            return "waits for every entry to succeed";
        }
        if (kind.equals("before") && step.state().isFailure()) {
            return words + "; the entries were not started (fix it, then scatter retry " + status.spec().id() + ")";
        }
        return words;
    }

    /** The step's command ran (it has an exit code or began), rather than waiting for the entries. */
    private static boolean ranItself(EntryStatus step) {
        return step.exitCode().isPresent() || step.start().isPresent();
    }

    /**
     * {@code status --json} to {@code out}: the run and its counts ({@link #summary}), every failed
     * entry, with {@code allEntries} every entry's state, and {@code resources} when asked. Written as
     * it goes, one entry at a time: a million entries' states are 300 MB of JSON text, which as one
     * tree took 2.3 GB (bench/scale).
     */
    static void writeJson(RunDir run, RunStatus status, boolean allEntries, ObjectNode resources, PrintWriter out) {
        ObjectNode head = summary(run, status);
        EntryOutputs outputs = new EntryOutputs(run);
        try (JsonGenerator g = Json.prettyGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> field : head.properties()) {
                g.writeFieldName(field.getKey());
                Json.write(g, field.getValue());
            }
            g.writeArrayFieldStart("failed");   // in input order, as the entries file is: a million cancelled take no more memory than one
            if (status.failed() > 0) {
                EntriesFile.forEach(run.entriesFile(), n -> status.state(n).isFailure(), entry -> {
                    EntryStatus f = status.entry(entry.number());
                    ObjectNode e = entryJson(f, entry.text());
                    e.put("stderr_tail", outputs.stderrTail(f, STDERR_LINES));
                    Json.write(g, e);
                });
            }
            g.writeEndArray();
            if (allEntries) {
                g.writeArrayFieldStart("entry_states");
                List<EntryStatus> states = status.entries();
                EntriesFile.forEach(run.entriesFile(), n -> true, entry -> Json.write(g, entryJson(states.get(entry.number() - 1), entry.text())));
                g.writeEndArray();
            }
            if (resources != null) {
                g.writeFieldName("resources");
                Json.write(g, resources);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    /** {@link #writeJson} without the entries: the run, its counts and its steps (what {@code scatter report} starts from). */
    static ObjectNode summary(RunDir run, RunStatus status) {
        var spec = status.spec();
        ObjectNode o = Json.object();
        o.put("run", spec.id());
        o.put("name", spec.name());
        o.put("backend", spec.backend());
        o.put("inputs", spec.inputs());
        o.put("entries", status.size());
        o.put("tasks", status.tasks());
        o.put("attempts", status.attempts());
        o.put("finished", status.finished());
        o.put("all_succeeded", status.allSucceeded());
        ObjectNode counts = o.putObject("counts");
        status.counts().forEach((s, c) -> counts.put(s.name(), c));
        if (!status.note().isEmpty()) {
            o.put("note", status.note());
        }
        dev.scatter.core.plan.TaskSizing.describe(run).ifPresent(d -> o.put("task_sizing", d));
        EntryOutputs stepOutputs = new EntryOutputs(run);
        ObjectNode steps = o.putObject("steps");
        status.steps().forEach((kind, step) -> {
            ObjectNode st = steps.putObject(kind);
            st.put("state", step.state().name());
            step.exitCode().ifPresent(c -> st.put("exit_code", c));
            st.put("reason", describeStep(status, kind, step));
            st.put("attempt", step.attempt());
            st.put("stderr_tail", stepOutputs.stderrTail(step, STDERR_LINES));
        });
        return o;
    }

    /** The inputs of these entries, by number, read from the run's entries file. */
    static Map<Integer, Entry> inputsOf(RunDir run, List<EntryStatus> named) {
        BitSet wanted = new BitSet();
        named.forEach(e -> wanted.set(e.entry()));
        return wanted.isEmpty() ? Map.of() : EntriesFile.read(run.entriesFile(), wanted::get);
    }

    /** One entry's line of status --json; {@code entries} holds its input (see {@link #inputsOf}). */
    static ObjectNode entryJson(EntryStatus s, Map<Integer, Entry> entries) {
        return entryJson(s, entries.get(s.entry()).text());
    }

    /** One entry's line of status --json, with its input's text. */
    static ObjectNode entryJson(EntryStatus s, String input) {
        ObjectNode e = Json.object();
        e.put("entry", s.entry());
        e.put("input", input);
        e.put("state", s.state().name());
        s.exitCode().ifPresent(c -> e.put("exit_code", c));
        e.put("reason", s.detail());
        e.put("attempt", s.attempt());
        e.put("task", s.task());
        if (!s.host().isEmpty()) {
            e.put("host", s.host());
        }
        s.start().ifPresent(t -> e.put("start", t));
        s.end().ifPresent(t -> e.put("end", t));
        return e;
    }
}
