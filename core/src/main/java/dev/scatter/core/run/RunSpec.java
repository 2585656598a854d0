package dev.scatter.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ledger.Json;
import dev.scatter.core.resources.Resources;
import dev.scatter.core.resources.ResourcesJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable description of a run, written once as {@code spec.json} — the last file written
 * when a run is created, so a run directory without it is an interrupted creation, not a run.
 *
 * @param id           the run's id (its directory name under {@code .scatter/runs})
 * @param name         the user's {@code --name}, or the command's program name
 * @param created      when it was created
 * @param workdir      where the user ran scatter; every entry's command runs there
 * @param inputs       where the entries came from (e.g. {@code csv samples.csv})
 * @param columnNames  named columns ({@code {name}})
 * @param entryCount   number of entries
 * @param skippedEmpty empty input lines skipped
 * @param command      the command tokens as given (after {@code --}), plus an appended {@code {}}
 * @param shellLine    true when the command is one shell line
 * @param resources    the first attempt's resources
 * @param chunk        entries per task in the first attempt
 * @param backend      the backend's name ({@code local}, {@code slurm}, …)
 * @param threadGuard  whether the wrapper sets BLAS/OpenMP thread limits
 * @param token        a random token marking entry boundaries in task output
 * @param keepTmp      keep each task's private temporary directory ({@code --keep-tmp})
 * @param before       a command run once before the entries ({@code --before}), if any
 * @param then         a command run once after every entry succeeded ({@code --then}), if any
 * @param taskTime     {@code --task-time}: size chunks so each task runs about this long, learnt from a first wave
 */
public record RunSpec(String id, String name, Instant created, Path workdir, String inputs, List<String> columnNames,
                      int entryCount, int skippedEmpty, List<String> command, boolean shellLine, Resources resources,
                      int chunk, String backend, boolean threadGuard, String token, boolean keepTmp,
                      java.util.Optional<String> before, java.util.Optional<String> then,
                      java.util.Optional<dev.scatter.core.resources.TimeLimit> taskTime) {

    public RunSpec {
        columnNames = List.copyOf(columnNames);
        command = List.copyOf(command);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("format", 1);
        o.put("id", id);
        o.put("name", name);
        o.put("created", created.toString());
        o.put("workdir", workdir.toString());
        o.put("inputs", inputs);
        var cols = o.putArray("columns");
        columnNames.forEach(cols::add);
        o.put("entries", entryCount);
        o.put("skipped_empty", skippedEmpty);
        var cmd = o.putArray("command");
        command.forEach(cmd::add);
        o.put("shell_line", shellLine);
        o.set("resources", ResourcesJson.toJson(resources));
        o.put("chunk", chunk);
        o.put("backend", backend);
        o.put("thread_guard", threadGuard);
        o.put("token", token);
        o.put("keep_tmp", keepTmp);
        before.ifPresent(b -> o.put("before", b));
        then.ifPresent(t -> o.put("then", t));
        taskTime.ifPresent(t -> o.put("task_time_s", t.seconds()));
        return o;
    }

    public static RunSpec fromJson(JsonNode o) {
        return new RunSpec(o.path("id").asText(), o.path("name").asText(), Instant.parse(o.path("created").asText()),
                Path.of(o.path("workdir").asText()), o.path("inputs").asText(), texts(o.path("columns")),
                o.path("entries").asInt(), o.path("skipped_empty").asInt(), texts(o.path("command")),
                o.path("shell_line").asBoolean(), ResourcesJson.fromJson(o.path("resources")),
                o.path("chunk").asInt(1), o.path("backend").asText("local"), o.path("thread_guard").asBoolean(true),
                o.path("token").asText(), o.path("keep_tmp").asBoolean(false),
                o.has("before") ? java.util.Optional.of(o.get("before").asText()) : java.util.Optional.empty(),
                o.has("then") ? java.util.Optional.of(o.get("then").asText()) : java.util.Optional.empty(),
                o.has("task_time_s") ? java.util.Optional.of(new dev.scatter.core.resources.TimeLimit(
                        java.time.Duration.ofSeconds(o.get("task_time_s").asLong()))) : java.util.Optional.empty());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
