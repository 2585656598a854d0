package dev.scatter.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ScatterException;
import dev.scatter.core.io.AppendOnly;
import dev.scatter.core.io.DebugLog;
import dev.scatter.core.io.Json;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Runtimes;
import dev.scatter.core.model.TaskSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * An attempt's settled tasks in a few numbers each ({@code summaries.jsonl}: one {@link TaskSummary}
 * a line), so that a status reads a finished task's summary instead of its entries' records.
 *
 * <p>It is a cache of what the result files already say, appended by whoever finds tasks settled
 * that it does not hold yet: the local executor as each task ends, a status or a follower as it
 * reads the records. Two may append the same task: the summaries are the same, and the last line
 * wins. A line that cannot be read (torn, or from another version of scatter) is ignored, and its
 * task read from its records again; a ledger this user may not write to (a colleague's run) is
 * read without summaries.
 */
public final class TaskSummaries {

    private static final DebugLog LOG = DebugLog.of(TaskSummaries.class);
    /** 2: the span is the summarized entries' own, and their run times and CPU seconds are kept (issue 17's report). */
    private static final int VERSION = 2;

    private TaskSummaries() {
    }

    public static Path file(AttemptDir attempt) {
        return attempt.root().resolve("summaries.jsonl");
    }

    /** The attempt's summaries by task; empty when there are none yet. */
    public static Map<Integer, TaskSummary> read(AttemptDir attempt) {
        Map<Integer, TaskSummary> byTask = new TreeMap<>();
        readFrom(attempt, 0, byTask);
        return byTask;
    }

    /**
     * Adds to {@code byTask} the summaries in the whole lines after the file's first {@code offset}
     * bytes (what was appended since a reader last looked), and returns where those lines end.
     */
    static long readFrom(AttemptDir attempt, long offset, Map<Integer, TaskSummary> byTask) {
        AppendOnly.Lines lines;
        try {
            lines = AppendOnly.linesAfter(file(attempt), offset, Long.MAX_VALUE);   // a line being appended waits
        } catch (NoSuchFileException e) {
            return offset;
        } catch (IOException e) {   // a cache: what cannot be read is read from the records instead
            LOG.debug("[ledger] summaries not read from {0}: {1}", file(attempt), e.getMessage());
            return offset;
        }
        int tasks = attempt.spec().taskCount();
        for (String line : lines.text().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                TaskSummary s = fromJson(Json.parse(line), attempt.number());
                // a summary of a task this attempt does not hold, or of another size, is not this attempt's
                if (s.task() >= 0 && s.task() < tasks && s.entries() == attempt.spec().plan().task(s.task()).size()) {
                    byTask.put(s.task(), s);
                }
            } catch (RuntimeException unreadable) {
                LOG.debug("[ledger] summary line ignored in {0}: {1}", file(attempt), unreadable.getMessage());
            }
        }
        return lines.end();
    }

    /**
     * Appends summaries of tasks just found settled. A ledger that cannot be written to keeps what
     * it has.
     */
    public static void append(AttemptDir attempt, Collection<TaskSummary> fresh) {
        StringBuilder text = new StringBuilder();
        fresh.forEach(s -> text.append(Json.compact(toJson(s))).append('\n'));
        try {
            AppendOnly.append(file(attempt), text.toString());
        } catch (ScatterException | UncheckedIOException e) {
            LOG.debug("[ledger] summaries not written to {0}: {1}", file(attempt), e.getMessage());
        }
    }

    static ObjectNode toJson(TaskSummary s) {
        ObjectNode o = Json.object();
        o.put("v", VERSION);
        o.put("task", s.task());
        o.put("entries", s.entries());
        o.put("stem", s.stem());
        o.put("host", s.host());
        o.put("start", s.firstStart());
        o.put("end", s.lastEnd());
        Runtimes r = s.runtimes();
        ObjectNode runtimes = o.putObject("runtimes");
        runtimes.put("n", r.count());
        runtimes.put("sum", r.sum());
        runtimes.put("min", r.min());
        runtimes.put("max", r.max());
        ArrayNode bins = runtimes.putArray("bins");
        for (long b : r.binCounts()) {
            bins.add(b);
        }
        s.cpuSeconds().ifPresent(c -> o.put("cpu", c));
        ArrayNode others = o.putArray("others");
        for (EntryStatus e : s.others()) {
            ObjectNode x = others.addObject();
            x.put("entry", e.entry());
            x.put("state", e.state().name());
            e.exitCode().ifPresent(c -> x.put("exit", c));
            e.start().ifPresent(t -> x.put("start", t));
            e.end().ifPresent(t -> x.put("end", t));
            x.put("stem", e.stem());
            x.put("host", e.host());
            x.put("detail", e.detail());
            e.cpuSeconds().ifPresent(c -> x.put("cpu", c));
        }
        return o;
    }

    static TaskSummary fromJson(JsonNode o, int attempt) {
        if (o.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("summary version " + o.path("v") + ", not " + VERSION);
        }
        int task = required(o, "task").asInt();
        List<EntryStatus> others = new ArrayList<>();
        for (JsonNode x : o.path("others")) {
            others.add(new EntryStatus(required(x, "entry").asInt(), attempt, task, x.path("stem").asText(),
                    EntryState.valueOf(required(x, "state").asText()),
                    x.has("exit") ? OptionalInt.of(x.get("exit").asInt()) : OptionalInt.empty(), optional(x, "start"),
                    optional(x, "end"), x.path("host").asText(), x.path("detail").asText(), optional(x, "cpu")));
        }
        JsonNode r = required(o, "runtimes");
        long[] bins = new long[required(r, "bins").size()];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = r.get("bins").get(i).asLong();
        }
        Runtimes runtimes = Runtimes.of(required(r, "n").asLong(), required(r, "sum").asDouble(), required(r, "min").asDouble(),
                required(r, "max").asDouble(), bins);
        return new TaskSummary(attempt, task, required(o, "entries").asInt(), required(o, "stem").asText(),
                required(o, "host").asText(), required(o, "start").asDouble(), required(o, "end").asDouble(), runtimes,
                optional(o, "cpu"), others);
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v;
    }

    private static OptionalDouble optional(JsonNode o, String field) {
        return o.has(field) ? OptionalDouble.of(o.get(field).asDouble()) : OptionalDouble.empty();
    }
}
