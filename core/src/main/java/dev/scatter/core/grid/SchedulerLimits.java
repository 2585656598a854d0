package dev.scatter.core.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scheduler's configuration says about planning and status, read once per run and cached
 * in the run directory ({@code scheduler.json}).
 *
 * @param maxArraySize highest array index + 1 (SLURM {@code MaxArraySize}); arrays are split below it
 * @param minJobAge    how long a finished job stays in the live listing (SLURM {@code MinJobAge})
 * @param accounting   whether an accounting command can tell why a task ended
 * @param version      the scheduler's version, for messages
 * @param source       where these values came from ({@code scontrol show config}, or why defaults)
 */
public record SchedulerLimits(int maxArraySize, Duration minJobAge, boolean accounting, String version, String source) {

    private static final Pattern SETTING = Pattern.compile("^\\s*(\\S+)\\s*=\\s*(.*)$", Pattern.MULTILINE);

    public SchedulerLimits {
        if (maxArraySize < 1) {
            throw new IllegalArgumentException("MaxArraySize must be at least 1: " + maxArraySize);
        }
    }

    /** The {@code KEY = VALUE} lines of a configuration listing ({@code scontrol show config}, Torque's {@code qstat -B -f}). */
    public static Map<String, String> settings(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SETTING.matcher(text);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2).strip());
        }
        return out;
    }

    /** The number a setting starts with ({@code 300 sec}), or {@code fallback} when it is missing or unreadable. */
    public static long number(Map<String, String> settings, String key, long fallback) {
        String value = settings.getOrDefault(key, "").strip();
        try {
            return value.isEmpty() ? fallback : Long.parseLong(value.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public ObjectNode toJson(String scheduler) {
        ObjectNode o = Json.object();
        o.put("scheduler", scheduler);
        o.put("max_array_size", maxArraySize);
        o.put("min_job_age_seconds", minJobAge.toSeconds());
        o.put("accounting", accounting);
        o.put("version", version);
        o.put("source", source);
        return o;
    }

    public static SchedulerLimits fromJson(JsonNode o) {
        return new SchedulerLimits(o.path("max_array_size").asInt(1001),
                Duration.ofSeconds(o.path("min_job_age_seconds").asLong(300)), o.path("accounting").asBoolean(true),
                o.path("version").asText(""), o.path("source").asText(""));
    }
}
