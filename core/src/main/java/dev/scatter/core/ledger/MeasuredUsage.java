package dev.scatter.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.AppendOnly;
import dev.scatter.core.io.Json;
import dev.scatter.core.model.TaskMeasurement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An attempt's tasks as the scheduler measured them once they ended ({@code measured.jsonl}: one
 * JSON object per task, appended by whoever asked the scheduler). Written once per task, so that a
 * later {@code status} does not ask again; a task listed twice keeps its last line. A torn line
 * (its writer was killed) is skipped. The field names are the format:
 * <pre>
 * {"task":3,"source":"sacct","state":"COMPLETED","exit_code":"0:0","peak_bytes":219938816,
 *  "cpu_seconds":2.31,"elapsed_seconds":6.0,"cpus":1,"nodes":"c1",
 *  "submit":"2026-12-06T15:52:41Z","start":"…","end":"…"}
 * </pre>
 */
public final class MeasuredUsage {

    private MeasuredUsage() {
    }

    public static Path file(AttemptDir attempt) {
        return attempt.root().resolve("measured.jsonl");
    }

    /** Appends the tasks' measurements in one write. */
    public static synchronized void append(AttemptDir attempt, Map<Integer, TaskMeasurement> byTask) {
        if (byTask.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        byTask.forEach((task, m) -> lines.append(Json.compact(json(task, m))).append('\n'));
        AppendOnly.append(file(attempt), lines.toString());
    }

    /** Task → what was measured of it; empty when nothing was. */
    public static Map<Integer, TaskMeasurement> read(AttemptDir attempt) {
        Map<Integer, TaskMeasurement> out = new TreeMap<>();
        String text;
        try {
            text = Files.readString(file(attempt), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode o = Json.parse(line);
                if (o.hasNonNull("task")) {
                    out.put(o.get("task").asInt(), measurement(o));
                }
            } catch (IllegalArgumentException torn) {
                // a writer killed mid-line; AppendOnly spoiled it on purpose
            }
        }
        return out;
    }

    static ObjectNode json(int task, TaskMeasurement m) {
        ObjectNode o = Json.object();
        o.put("task", task);
        return putFields(o, m, (name, t) -> o.put(name, t.toString()));
    }

    /**
     * A measurement's fields into {@code o}, its times written by {@code time}: the ledger keeps
     * ISO-8601, {@code status --json} gives epoch seconds (docs/json.md).
     */
    public static ObjectNode putFields(ObjectNode o, TaskMeasurement m, BiConsumer<String, Instant> time) {
        o.put("source", m.source());
        o.put("state", m.state());
        o.put("exit_code", m.exitCode());
        m.peakBytes().ifPresent(v -> o.put("peak_bytes", v));
        m.cpuSeconds().ifPresent(v -> o.put("cpu_seconds", v));
        m.elapsedSeconds().ifPresent(v -> o.put("elapsed_seconds", v));
        o.put("cpus", m.cpus());
        o.put("nodes", m.nodes());
        m.submit().ifPresent(t -> time.accept("submit", t));
        m.start().ifPresent(t -> time.accept("start", t));
        m.end().ifPresent(t -> time.accept("end", t));
        return o;
    }

    private static TaskMeasurement measurement(JsonNode o) {
        return new TaskMeasurement(o.path("source").asText(""), o.path("state").asText(""), o.path("exit_code").asText(""),
                o.hasNonNull("peak_bytes") ? OptionalLong.of(o.get("peak_bytes").asLong()) : OptionalLong.empty(),
                number(o, "cpu_seconds"), number(o, "elapsed_seconds"), o.path("cpus").asInt(0), o.path("nodes").asText(""),
                time(o, "submit"), time(o, "start"), time(o, "end"));
    }

    private static OptionalDouble number(JsonNode o, String field) {
        return o.hasNonNull(field) ? OptionalDouble.of(o.get(field).asDouble()) : OptionalDouble.empty();
    }

    private static Optional<Instant> time(JsonNode o, String field) {
        try {
            return o.hasNonNull(field) ? Optional.of(Instant.parse(o.get(field).asText())) : Optional.empty();
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
