package dev.scatter.pbs;

import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.SchedulerLimits;
import dev.scatter.core.grid.Selector;
import dev.scatter.core.spi.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Torque 6 ({@code --backend torque}): {@code -t} arrays, {@code -l nodes=1:ppn=…}, and
 * {@code qstat -t -x} (XML). Torque keeps a completed job for keep_completed seconds and has no
 * history beyond that, so a task that vanished without its records is judged by its own output
 * file. Tested against the simulator's Torque dialect only (no captured Torque output).
 */
final class TorqueScheduler extends PbsScheduler {

    /** max_job_array_size when the server does not say (the simulator's Torque default). */
    static final int DEFAULT_MAX_ARRAY_SIZE = 1000;

    TorqueScheduler() {
        super(new TorqueScriptGenerator(), new TorqueStatusParser(PbsBackend.TORQUE));
    }

    @Override
    public String name() {
        return PbsBackend.TORQUE;
    }

    /** {@code Version: 6.1.3}, as Torque's qstat --version prints it. */
    private static final Pattern VERSION = Pattern.compile("(?im)^\\s*version:\\s*(\\S+)");

    private static final Settings SETTINGS = new Settings("max_job_array_size", "keep_completed", "Torque keeps no job history",
            "Torque has no job history: a longer keep_completed (asked of the cluster's administrators) keeps ended jobs in qstat longer");

    @Override
    public Optional<String> parseVersion(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? Optional.of("Torque " + m.group(1)) : Optional.empty();
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    public List<String> configCommand() {
        return List.of("qstat", "-B", "-f");
    }

    /** {@code max_job_array_size}, {@code keep_completed} and {@code pbs_version} of {@code qstat -B -f}; no history. */
    @Override
    public SchedulerLimits parseConfig(String stdout) {
        Map<String, String> s = SchedulerLimits.settings(stdout);
        String version = s.getOrDefault("pbs_version", "");
        return new SchedulerLimits((int) Math.max(1, SchedulerLimits.number(s, "max_job_array_size", DEFAULT_MAX_ARRAY_SIZE)),
                Duration.ofSeconds(SchedulerLimits.number(s, "keep_completed", 0)), false, version,
                "qstat -B -f" + (version.isEmpty() ? "" : ", Torque " + version) + ", no job history");
    }

    /** {@code qstat -t -x [ID]}: every subjob as XML, completed ones while keep_completed lasts. */
    @Override
    public List<String> statusCommand(Selector selector) {
        List<String> argv = new ArrayList<>(List.of("qstat", "-t", "-x"));
        argv.addAll(operand(selector));
        return argv;
    }

    /** Torque has no job history; never asked (its limits say accounting is off). */
    @Override
    public List<String> accountingCommand(Selector selector) {
        return statusCommand(selector);
    }

    @Override
    public Query parseAccounting(CommandResult result) {
        return new Query.Unavailable("Torque keeps no job history");
    }

    /** {@code 2503[3].server 2503[4].server}: one id per subjob. */
    @Override
    protected List<String> subjobIds(String arrayId, SortedSet<Integer> indices) {
        return indices.stream().map(i -> subjobId(arrayId, i)).toList();
    }
}
