package dev.scatter.core.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ledger.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Resources} to and from the ledger's JSON. */
public final class ResourcesJson {

    private ResourcesJson() {
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

    public static Resources fromJson(JsonNode o) {
        List<String> opts = new ArrayList<>();
        o.path("scheduler_options").forEach(n -> opts.add(n.asText()));
        return new Resources(o.path("cpus").asInt(1),
                o.has("mem_mb") ? Optional.of(new MemorySize(o.get("mem_mb").asLong())) : Optional.empty(),
                o.has("time_s") ? Optional.of(new TimeLimit(java.time.Duration.ofSeconds(o.get("time_s").asLong()))) : Optional.empty(),
                o.path("gpus").asInt(0),
                text(o, "partition"), text(o, "account"),
                o.has("max_running") ? Optional.of(o.get("max_running").asInt()) : Optional.empty(),
                opts);
    }

    private static Optional<String> text(JsonNode o, String field) {
        return o.has(field) ? Optional.of(o.get(field).asText()) : Optional.empty();
    }
}
