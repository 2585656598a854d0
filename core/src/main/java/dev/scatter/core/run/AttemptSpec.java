package dev.scatter.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ledger.EntryRanges;
import dev.scatter.core.ledger.Json;
import dev.scatter.core.plan.Plan;
import dev.scatter.core.resources.Resources;
import dev.scatter.core.resources.ResourcesJson;
import java.time.Instant;

/**
 * One attempt of a run: the initial one holds every entry; a retry holds the entries it re-runs; a
 * step ({@code --before}, {@code --then}) holds the step's one command as entry 0. Written as
 * {@code attempts/N/attempt.json}, the last file of the attempt (its commit point).
 *
 * @param reason {@code initial}, {@code retry}, {@code before} or {@code then}
 */
public record AttemptSpec(int number, Instant created, String reason, Resources resources, Plan plan) {

    public static final String BEFORE = "before";
    public static final String THEN = "then";

    /** True for a {@code --before} or {@code --then} step. */
    public boolean isStep() {
        return reason.equals(BEFORE) || reason.equals(THEN);
    }

    public int taskCount() {
        return plan.taskCount();
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("attempt", number);
        o.put("created", created.toString());
        o.put("reason", reason);
        o.set("resources", ResourcesJson.toJson(resources));
        o.put("chunk", plan.chunk());
        o.put("tasks", plan.taskCount());
        o.put("entry_count", plan.entryCount());
        o.put("entries", EntryRanges.format(plan.entries()));
        return o;
    }

    public static AttemptSpec fromJson(JsonNode o) {
        return new AttemptSpec(o.path("attempt").asInt(), Instant.parse(o.path("created").asText()),
                o.path("reason").asText(), ResourcesJson.fromJson(o.path("resources")),
                new Plan(EntryRanges.parse(o.path("entries").asText()), o.path("chunk").asInt(1)));
    }
}
