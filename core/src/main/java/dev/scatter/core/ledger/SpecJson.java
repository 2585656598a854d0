package dev.scatter.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.IndexRanges;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.model.TimeLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's JSON for the model: {@code spec.json} ({@link RunSpec}), {@code attempt.json}
 * ({@link AttemptSpec}) and the resources in both. The field names are the ledger's format, read
 * by every later scatter version: add fields, never rename them.
 */
public final class SpecJson {

    private SpecJson() {
    }

    public static ObjectNode toJson(RunSpec s) {
        ObjectNode o = Json.object();
        o.put("format", 1);
        o.put("id", s.id());
        o.put("name", s.name());
        o.put("created", s.created().toString());
        o.put("workdir", s.workdir().toString());
        o.put("inputs", s.inputs());
        var cols = o.putArray("columns");
        s.columnNames().forEach(cols::add);
        o.put("entries", s.entryCount());
        o.put("skipped_empty", s.skippedEmpty());
        var cmd = o.putArray("command");
        s.command().forEach(cmd::add);
        o.put("shell_line", s.shellLine());
        o.set("resources", toJson(s.resources()));
        o.put("chunk", s.chunk());
        o.put("backend", s.backend());
        o.put("thread_guard", s.threadGuard());
        o.put("token", s.token());
        o.put("keep_tmp", s.keepTmp());
        s.before().ifPresent(b -> o.put("before", b));
        s.then().ifPresent(t -> o.put("then", t));
        s.taskTime().ifPresent(t -> o.put("task_time_s", t.seconds()));
        s.remote().ifPresent(r -> {
            ObjectNode remote = o.putObject("remote");
            remote.put("destination", r.destination());
            remote.put("dir", r.dir());
        });
        return o;
    }

    public static RunSpec runSpec(JsonNode o) {
        return new RunSpec(o.path("id").asText(), o.path("name").asText(), Instant.parse(o.path("created").asText()),
                Path.of(o.path("workdir").asText()), o.path("inputs").asText(), texts(o.path("columns")),
                o.path("entries").asInt(), o.path("skipped_empty").asInt(), texts(o.path("command")),
                o.path("shell_line").asBoolean(), resources(o.path("resources")),
                o.path("chunk").asInt(1), o.path("backend").asText("local"), o.path("thread_guard").asBoolean(true),
                o.path("token").asText(), o.path("keep_tmp").asBoolean(false), text(o, "before"), text(o, "then"),
                o.has("task_time_s") ? Optional.of(new TimeLimit(Duration.ofSeconds(o.get("task_time_s").asLong())))
                        : Optional.empty(),
                o.has("remote") ? Optional.of(new RemoteTarget(o.path("remote").path("destination").asText(),
                        o.path("remote").path("dir").asText())) : Optional.empty());
    }

    public static ObjectNode toJson(AttemptSpec a) {
        ObjectNode o = Json.object();
        o.put("attempt", a.number());
        o.put("created", a.created().toString());
        o.put("reason", a.reason());
        o.set("resources", toJson(a.resources()));
        o.put("chunk", a.plan().chunk());
        o.put("tasks", a.plan().taskCount());
        o.put("entry_count", a.plan().entryCount());
        o.put("entries", IndexRanges.format(a.plan().entries()));
        return o;
    }

    public static AttemptSpec attemptSpec(JsonNode o) {
        return new AttemptSpec(o.path("attempt").asInt(), Instant.parse(o.path("created").asText()),
                o.path("reason").asText(), resources(o.path("resources")),
                new Plan(IndexRanges.parse(o.path("entries").asText()), o.path("chunk").asInt(1)));
    }

    public static ObjectNode toJson(Resources r) {
        ObjectNode o = Json.object();
        o.put("cpus", r.cpus());
        r.memory().ifPresent(m -> o.put("mem_mb", m.megabytes()));
        r.time().ifPresent(t -> o.put("time_s", t.seconds()));
        o.put("gpus", r.gpus());
        r.partition().ifPresent(p -> o.put("partition", p));
        r.account().ifPresent(a -> o.put("account", a));
        r.maxRunning().ifPresent(m -> o.put("max_running", m));
        var opts = o.putArray("scheduler_options");
        r.schedulerOptions().forEach(opts::add);
        return o;
    }

    public static Resources resources(JsonNode o) {
        return new Resources(o.path("cpus").asInt(1),
                o.has("mem_mb") ? Optional.of(new MemorySize(o.get("mem_mb").asLong())) : Optional.empty(),
                o.has("time_s") ? Optional.of(new TimeLimit(Duration.ofSeconds(o.get("time_s").asLong()))) : Optional.empty(),
                o.path("gpus").asInt(0), text(o, "partition"), text(o, "account"),
                o.has("max_running") ? Optional.of(o.get("max_running").asInt()) : Optional.empty(),
                texts(o.path("scheduler_options")));
    }

    private static Optional<String> text(JsonNode o, String field) {
        return o.has(field) ? Optional.of(o.get(field).asText()) : Optional.empty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
