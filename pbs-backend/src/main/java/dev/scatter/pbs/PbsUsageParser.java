package dev.scatter.pbs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatter.core.BackendException;
import dev.scatter.core.grid.MeasuredTask;
import dev.scatter.core.io.DebugLog;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.spi.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code qstat -f -F json -x -t IDS} (job history on) → what each ended subjob used: its
 * {@code resources_used} ({@code mem}, {@code cput}, {@code walltime}, {@code ncpus}), its
 * {@code exec_host}, and its {@code ctime}/{@code stime}/{@code obittime} (fixtures
 * {@code qstat_fjson_xt_states_done}). PBS samples usage at each MoM poll, so a job shorter than
 * one poll shows {@code mem = 0kb} and {@code cput = 00:00:00}: recorded as measured, it is what
 * PBS knows. Without history, {@code qstat -x} prints nothing (trap PBS 5): nothing is measured.
 * Attributes: https://help.altair.com/2022.1.0/PBS%20Professional/PBSReferenceGuide2022.1.pdf (resources_used).
 */
final class PbsUsageParser {

    private static final DebugLog LOG = DebugLog.of(PbsUsageParser.class);

    /** {@code 10[3].pbshost} (a subjob), {@code 10[].pbshost} (its parent), {@code 15.pbshost} (a plain job). */
    private static final Pattern JOB_ID = Pattern.compile("(\\d+)(?:\\[(\\d*)\\])?(.*)");
    /** PBS sizes: a number and a unit b, kb, mb, gb, tb, pb, or words (w, kw, …: 8 bytes each); binary. */
    private static final Pattern SIZE = Pattern.compile("(\\d+)(?:([kmgtp]?)([bw]))?");
    /** cput and walltime: {@code HH:MM:SS}, hours past 24 as they are; bare seconds also accepted. */
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+):)?(?:(\\d+):)?(\\d+(?:\\.\\d+)?)");
    /** A subjob's states once it ended: X while its array lives, F after (trap PBS 9). */
    private static final Set<String> ENDED = Set.of("X", "F");

    private final String tag;

    PbsUsageParser(String scheduler) {
        this.tag = "[" + scheduler + "]";
    }

    List<MeasuredTask> parse(CommandResult r) {
        if (!r.succeeded() && !r.stderr().contains("Unknown Job Id") && !r.stderr().contains("Job has finished")) {
            throw new BackendException(r.describeFailure(tag + " qstat (usage) failed"));
        }
        JsonNode root;
        try {
            root = PbsStatusParser.json(r.stdout().strip());
        } catch (IllegalArgumentException e) {
            throw new BackendException(r.describeFailure(tag + " qstat -F json printed something that is not JSON ("
                    + e.getMessage() + ")"));
        }
        List<MeasuredTask> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.path("Jobs").properties()) {
            Matcher m = JOB_ID.matcher(e.getKey());
            JsonNode job = e.getValue();
            if (!m.matches() || (m.group(2) != null && m.group(2).isEmpty()) || !ENDED.contains(job.path("job_state").asText())) {
                continue;   // an array parent, or a job still queued or running: asked again later
            }
            String array = m.group(2) == null ? e.getKey() : m.group(1) + "[]" + m.group(3);
            int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            out.add(new MeasuredTask(array, index, measurement(job)));
        }
        return out;
    }

    private static TaskMeasurement measurement(JsonNode job) {
        JsonNode used = job.path("resources_used");
        // a subjob's Exit_status is its own only when it ran (exec_host kept; traps PBS 5, 6, 8)
        String exit = job.has("exec_host") && job.has("Exit_status") ? job.path("Exit_status").asText() : "";
        int cpus = used.path("ncpus").asInt(job.path("Resource_List").path("ncpus").asInt(0));
        return new TaskMeasurement("qstat", job.path("job_state").asText(), exit, bytes(used.path("mem").asText("")),
                seconds(used.path("cput").asText("")), seconds(used.path("walltime").asText("")), cpus,
                hosts(job.path("exec_host").asText("")), PbsStatusParser.time(job.path("ctime").asText("")),
                PbsStatusParser.time(job.path("stime").asText("")), PbsStatusParser.time(job.path("obittime").asText("")));
    }

    /** {@code 7468kb} → bytes; empty when absent or in a unit PBS does not have. */
    static OptionalLong bytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            if (!text.isBlank()) {
                LOG.debug("[pbs] not a size: ''{0}''", text);
            }
            return OptionalLong.empty();
        }
        int shift = switch (m.group(2) == null ? "" : m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        long word = "w".equals(m.group(3)) ? 8 : 1;
        return OptionalLong.of(Long.parseLong(m.group(1)) * word << shift);
    }

    /** {@code 00:00:15}, {@code 100:00:00} → seconds; empty when absent or unreadable. */
    static OptionalDouble seconds(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        double h = m.group(1) != null && m.group(2) != null ? Long.parseLong(m.group(1)) : 0;
        double min = m.group(2) != null ? Long.parseLong(m.group(2)) : m.group(1) != null ? Long.parseLong(m.group(1)) : 0;
        return OptionalDouble.of((h * 60 + min) * 60 + Double.parseDouble(m.group(3)));
    }

    /** {@code pbshost/0} → {@code pbshost}; {@code a/0*2+b/1} → {@code a,b}. */
    static String hosts(String execHost) {
        List<String> hosts = new ArrayList<>();
        for (String chunk : execHost.split("\\+")) {
            String host = chunk.strip().replaceAll("/.*$", "");
            if (!host.isEmpty() && !hosts.contains(host)) {
                hosts.add(host);
            }
        }
        return String.join(",", hosts);
    }
}
