package dev.scatter.slurm;

import dev.scatter.core.BackendException;
import dev.scatter.core.grid.MeasuredTask;
import dev.scatter.core.io.DebugLog;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.spi.CommandResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sacct -P -n -j IDS -o }{@link #FORMAT} with steps → what each ended array task used
 * (fixtures {@code sacct_usage_states_done}). The task's own line ({@code 1_0}) holds its state,
 * exit code, times, elapsed time, TotalCPU (the sum of its steps) and AllocCPUS; {@code MaxRSS} is
 * only on its steps ({@code 1_0.batch}, {@code 1_0.extern}; fixtures trap 15), so the task's peak
 * is the largest of its steps'. Field formats: https://slurm.schedmd.com/sacct.html
 */
final class SlurmUsageParser {

    private static final DebugLog LOG = DebugLog.of(SlurmUsageParser.class);

    static final String FORMAT = "JobID,JobIDRaw,State,ExitCode,Submit,Start,End,Elapsed,TotalCPU,MaxRSS,AllocCPUS,ReqMem,NodeList";
    private static final int FIELDS = FORMAT.split(",").length;

    /** {@code 1_0} (a task), {@code 1_0.batch} (its step); a pending range {@code 1_[2-3]} measured nothing. */
    private static final Pattern JOB_ID = Pattern.compile("(\\d+)_(\\d+)(?:\\.(.+))?");
    /** MaxRSS: a number with a unit K, M, G, T or P (binary, as sacct converts); bare with --noconvert: bytes. */
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGTP]?)");
    /** Elapsed and TotalCPU: {@code [D-][HH:]MM:SS[.mmm]} (TotalCPU 00:02.510, Elapsed 00:01:23, 1-02:03:04). */
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)-)?(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");

    private SlurmUsageParser() {
    }

    static List<MeasuredTask> parse(CommandResult r) {
        if (!r.succeeded()) {
            throw new BackendException(r.describeFailure("[slurm] sacct (usage) failed"));
        }
        Map<String, String[]> tasks = new LinkedHashMap<>();
        Map<String, Long> peaks = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length < FIELDS) {
                LOG.debug("[slurm] sacct usage line without {0} fields: ''{1}''", FIELDS, line);
                continue;
            }
            Matcher m = JOB_ID.matcher(f[0].strip());
            if (!m.matches()) {
                continue;   // a pending range or a plain job: nothing ran that scatter submitted
            }
            String key = m.group(1) + "_" + m.group(2);
            if (m.group(3) == null) {
                tasks.put(key, f);
            }
            bytes(f[9]).ifPresent(b -> peaks.merge(key, b, Math::max));
        }
        List<MeasuredTask> out = new ArrayList<>();
        tasks.forEach((key, f) -> {
            String state = f[2].strip();
            if (!SlurmStatusParser.state(state).isFinal()) {
                return;   // still running, or sacct has not caught up (trap 3): asked again later
            }
            int underscore = key.indexOf('_');
            Long peak = peaks.get(key);
            int cpus = integer(f[10]);
            out.add(new MeasuredTask(key.substring(0, underscore), Integer.parseInt(key.substring(underscore + 1)),
                    new TaskMeasurement("sacct", state, f[3].strip(), peak == null ? OptionalLong.empty() : OptionalLong.of(peak),
                            seconds(f[8]), seconds(f[7]), cpus, f[12].strip(), time(f[4]), time(f[5]), time(f[6]))));
        });
        return out;
    }

    /** {@code 215544K} → bytes; empty for an empty field (a very short step) or an unknown unit. */
    static OptionalLong bytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            if (!text.isBlank()) {
                LOG.debug("[slurm] not a memory size: ''{0}''", text);
            }
            return OptionalLong.empty();
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            case "P" -> 50;
            default -> 0;
        };
        return OptionalLong.of((long) (Double.parseDouble(m.group(1)) * (1L << shift)));
    }

    /** {@code 00:02.510}, {@code 00:01:23}, {@code 1-02:03:04} → seconds; empty when unreadable. */
    static OptionalDouble seconds(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        double days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        double hours = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return OptionalDouble.of(((days * 24 + hours) * 60 + Long.parseLong(m.group(3))) * 60 + Double.parseDouble(m.group(4)));
    }

    private static Optional<Instant> time(String text) {
        return SlurmStatusParser.time(text);
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
