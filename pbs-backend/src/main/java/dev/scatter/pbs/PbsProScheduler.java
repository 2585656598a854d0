package dev.scatter.pbs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatter.core.grid.MeasuredTask;
import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.SchedulerLimits;
import dev.scatter.core.grid.Selector;
import dev.scatter.core.model.Durations;
import dev.scatter.core.model.IndexRanges;
import dev.scatter.core.spi.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenPBS / PBS Pro ({@code --backend pbs-pro}): {@code -J} arrays, {@code -l select=…}, and
 * {@code qstat -f -F json}. Job history ({@code job_history_enable}, off by default) is read once
 * per run from {@code qstat -Bf -F json} and kept in the run's scheduler.json as "accounting": with
 * it, {@code qstat -x} tells how a task that left the live listing ended; without it, PBS forgets
 * a job the moment it ends. Tested against OpenPBS 23.06.06 (shared/fixtures/pbs).
 */
final class PbsProScheduler extends PbsScheduler {

    /** PBS's default max_array_size. */
    static final int DEFAULT_MAX_ARRAY_SIZE = 10000;

    private final PbsUsageParser usage = new PbsUsageParser(PbsBackend.PBS_PRO);

    PbsProScheduler() {
        super(new PbsScriptGenerator(), new PbsStatusParser(PbsBackend.PBS_PRO));
    }

    @Override
    public String name() {
        return PbsBackend.PBS_PRO;
    }

    /** {@code pbs_version = 23.06.06} (fixtures qstat_version): OpenPBS and PBS Pro print it alike. */
    private static final Pattern VERSION = Pattern.compile("pbs_version\\s*=\\s*(\\S+)");

    private static final Settings SETTINGS = new Settings("max_array_size", "job_history_duration", "job_history_enable",
            "ask the cluster's administrators to enable job history (qmgr -c 'set server job_history_enable=True')");

    @Override
    public Optional<String> parseVersion(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? Optional.of("OpenPBS/PBS Pro " + m.group(1)) : Optional.empty();
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    public List<String> configCommand() {
        return List.of("qstat", "-Bf", "-F", "json");
    }

    /**
     * {@code max_array_size} (10000), {@code job_history_enable} ("True", or absent when off: trap
     * PBS 5), {@code job_history_duration}, {@code pbs_version} (fixtures qstat_Bf_json,
     * nohist_qstat_Bf_json). Missing keys keep PBS's defaults.
     */
    @Override
    public SchedulerLimits parseConfig(String stdout) {
        int maxArraySize = DEFAULT_MAX_ARRAY_SIZE;
        boolean history = false;
        Duration kept = Duration.ZERO;
        String version = "";
        JsonNode server = null;
        try {
            List<JsonNode> servers = new ArrayList<>();
            PbsStatusParser.json(stdout).path("Server").elements().forEachRemaining(servers::add);
            server = servers.isEmpty() ? null : servers.get(0);
        } catch (IllegalArgumentException unreadable) {
            // defaults below
        }
        if (server != null) {
            maxArraySize = Math.max(1, server.path("max_array_size").asInt(DEFAULT_MAX_ARRAY_SIZE));
            history = server.path("job_history_enable").asText("False").equalsIgnoreCase("True");
            kept = history ? hours(server.path("job_history_duration").asText("336:00:00")) : Duration.ZERO;
            version = server.path("pbs_version").asText("");
        }
        return new SchedulerLimits(maxArraySize, kept, history, version, "qstat -Bf -F json"
                + (version.isEmpty() ? "" : ", PBS " + version) + ", job history " + (history ? "on" : "off"));
    }

    /** {@code qstat -f -F json -t [ID]}: every subjob, the array parents for their throttle. */
    @Override
    public List<String> statusCommand(Selector selector) {
        List<String> argv = new ArrayList<>(List.of("qstat", "-f", "-F", "json", "-t"));
        argv.addAll(operand(selector));
        return argv;
    }

    /** {@code qstat -f -F json -x -t [ID]}: finished jobs too, while job history keeps them. */
    @Override
    public List<String> accountingCommand(Selector selector) {
        List<String> argv = new ArrayList<>(List.of("qstat", "-f", "-F", "json", "-x", "-t"));
        argv.addAll(operand(selector));
        return argv;
    }

    @Override
    public Query parseAccounting(CommandResult result) {
        return parser.query(result, true);
    }

    /**
     * The same history query as {@link #accountingCommand}, read for {@code resources_used} and
     * {@code exec_host}: one call for every array holding an ended task. Job history off: asked
     * never (the run's scheduler.json says so), and only the wrapper's own records tell run time.
     */
    @Override
    public List<String> usageCommand(List<String> arrayIds) {
        return accountingCommand(Selector.ids(arrayIds));
    }

    @Override
    public List<MeasuredTask> parseUsage(CommandResult result) {
        return usage.parse(result);
    }

    /** {@code 2503[3-5].server 2503[9].server}: PBS takes a range of subjobs, not a list (fixtures qdel_subjob_range). */
    @Override
    protected List<String> subjobIds(String arrayId, SortedSet<Integer> indices) {
        return IndexRanges.runs(indices).stream().map(run -> range(arrayId, run[0], run[1])).toList();
    }

    private static String range(String arrayId, int from, int to) {
        int b = arrayId.indexOf("[]");
        return arrayId.substring(0, b) + "[" + from + (to > from ? "-" + to : "") + "]" + arrayId.substring(b + 2);
    }

    /** {@code 336:00:00} (hours unbounded). */
    static Duration hours(String hms) {
        return Duration.ofSeconds(Durations.clockSeconds(hms).orElse(0));
    }
}
