package dev.scatter.slurm;

import static dev.scatter.core.model.EntryState.CANCELLED;
import static dev.scatter.core.model.EntryState.FAILED;
import static dev.scatter.core.model.EntryState.LOST;
import static dev.scatter.core.model.EntryState.OUT_OF_MEMORY;
import static dev.scatter.core.model.EntryState.QUEUED;
import static dev.scatter.core.model.EntryState.RUNNING;
import static dev.scatter.core.model.EntryState.SUCCEEDED;
import static dev.scatter.core.model.EntryState.TIMEOUT;
import static dev.scatter.core.model.EntryState.UNKNOWN;
import static java.util.Map.entry;

import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.TaskInfo;
import dev.scatter.core.io.DebugLog;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.IndexRanges;
import dev.scatter.core.model.Resources;
import dev.scatter.core.spi.CommandResult;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * squeue and sacct output → one {@link TaskInfo} per array task, and why a task died.
 * Both are asked for {@code |}-separated fields (never the fixed-width columns, which cut ids
 * and states: fixtures trap 10), with the array id and index ({@code %F}/{@code %K}, not
 * {@code %A}, which differs per task: trap 9).
 */
final class SlurmStatusParser {

    private static final DebugLog LOG = DebugLog.of(SlurmStatusParser.class);

    /** squeue -o: array id, index, own id, state, reason, end, name (the name last: it may hold anything). */
    static final String SQUEUE_FORMAT = "%F|%K|%A|%T|%r|%e|%j";
    /** sacct -o, the same facts (JobID is 39_4, or 39_[6-9%1] for a pending remainder). */
    static final String SACCT_FORMAT = "JobID,JobIDRaw,State,ExitCode,Reason,End,JobName";

    // Job state codes: https://slurm.schedmd.com/squeue.html#SECTION_JOB-STATE-CODES
    // (sacct prints the same names: https://slurm.schedmd.com/sacct.html#SECTION_JOB-STATE-CODES)
    /** A native state: the neutral state, and words for status where the neutral state says too little. */
    private record Native(EntryState state, String words) {
    }

    private static Native is(EntryState state) {
        return new Native(state, "");
    }

    private static Native is(EntryState state, String words) {
        return new Native(state, words);
    }

    private static final Map<String, Native> STATES = Map.ofEntries(
            entry("PENDING", is(QUEUED)),            // PD: waiting for resources or a limit (see the reason)
            entry("CONFIGURING", is(QUEUED)),        // CF: allocated, nodes still booting
            entry("REQUEUED", is(QUEUED)),           // RQ: requeued, will pend again
            entry("REQUEUE_HOLD", is(QUEUED)),       // RH: requeued and held
            entry("REQUEUE_FED", is(QUEUED)),        // RF: requeued by a federation
            entry("RESV_DEL_HOLD", is(QUEUED)),      // RD: held because its reservation was deleted
            entry("RUNNING", is(RUNNING)),           // R
            entry("COMPLETING", is(RUNNING)),        // CG: ending, still holds resources
            entry("SUSPENDED", is(RUNNING, "suspended by the scheduler")),   // S: keeps its allocation
            entry("STOPPED", is(RUNNING, "stopped (SIGSTOP)")),              // ST: SIGSTOPped, keeps its allocation
            entry("SIGNALING", is(RUNNING)),         // SI: being signalled
            entry("STAGE_OUT", is(RUNNING)),         // SO: staging out data
            entry("RESIZING", is(RUNNING)),          // RS: changing size
            entry("COMPLETED", is(SUCCEEDED)),       // CD: every process exited 0
            entry("FAILED", is(FAILED)),             // F: non-zero exit or killed by a signal (memory kill without cgroups: trap 1)
            entry("SPECIAL_EXIT", is(FAILED)),       // SE: requeued in a special state after failing
            entry("TIMEOUT", is(TIMEOUT)),           // TO: time limit reached (sacct TIMEOUT 0:0: trap 2)
            entry("DEADLINE", is(TIMEOUT)),          // DL: --deadline reached
            entry("OUT_OF_MEMORY", is(OUT_OF_MEMORY)), // OOM: the cgroup killed it
            entry("CANCELLED", is(CANCELLED)),       // CA: scancel (sacct: "CANCELLED by <uid>": trap 15)
            entry("NODE_FAIL", is(LOST, "its node failed")),                      // NF
            entry("BOOT_FAIL", is(LOST, "its node failed to boot")),              // BF
            entry("PREEMPTED", is(LOST, "preempted by higher-priority work")),    // PR
            entry("REVOKED", is(LOST, "revoked: another cluster of the federation ran it")));   // RV

    /** A pending reason in words, and whether it means the job can never start. */
    private record Reason(String words, boolean fatal) {
    }

    // Pending reasons: https://slurm.schedmd.com/resource_limits.html and squeue.html#SECTION_JOB-REASON-CODES
    private static final Map<String, Reason> REASONS = Map.ofEntries(
            entry("None", new Reason("", false)),
            entry("Priority", new Reason("waiting: jobs of higher priority go first", false)),
            entry("Resources", new Reason("waiting for free cores or memory", false)),
            entry("JobArrayTaskLimit", new Reason("held back by --max-running (the array's %N limit)", false)),
            entry("Dependency", new Reason("waiting for the array before it to end (keeps --max-running across arrays)", false)),
            entry("BeginTime", new Reason("waiting for its start time", false)),
            entry("WaitingForScheduling", new Reason("waiting for the scheduler's next pass", false)),
            entry("QOSMaxJobsPerUserLimit", new Reason("at your QOS limit of running jobs", false)),
            entry("QOSMaxCpuPerUserLimit", new Reason("at your QOS limit of cpus in use", false)),
            entry("QOSMaxMemoryPerUser", new Reason("at your QOS limit of memory in use", false)),
            entry("QOSGrpCpuLimit", new Reason("at the QOS group's limit of cpus in use", false)),
            entry("QOSGrpJobsLimit", new Reason("at the QOS group's limit of running jobs", false)),
            entry("AssocMaxJobsLimit", new Reason("at your account's limit of running jobs", false)),
            entry("AssocGrpCpuLimit", new Reason("at your account group's limit of cpus in use", false)),
            entry("AssocGrpMemLimit", new Reason("at your account group's limit of memory in use", false)),
            entry("AssocGrpJobsLimit", new Reason("at your account group's limit of running jobs", false)),
            entry("JobHeldUser", new Reason("held by you: scontrol release <job id>", false)),
            entry("JobHeldAdmin", new Reason("held by an administrator", false)),
            entry("ReqNodeNotAvail", new Reason("a node it needs is unavailable (down, drained or reserved)", false)),
            entry("NodeDown", new Reason("a node it needs is down", false)),
            entry("PartitionDown", new Reason("its partition is down", false)),
            entry("PartitionInactive", new Reason("its partition is inactive", false)),
            entry("Reservation", new Reason("waiting for its reservation", false)),
            entry("Licenses", new Reason("waiting for a license", false)),
            entry("Prolog", new Reason("its prolog is running", false)),
            entry("Cleaning", new Reason("being cleaned up before it runs again", false)),
            // impossible requests are accepted when EnforcePartLimits=NO and pend forever (trap 13)
            entry("PartitionTimeLimit", new Reason("-t is above the partition's time limit: lower -t or choose another partition (-p)", true)),
            entry("PartitionNodeLimit", new Reason("asks for more nodes than the partition allows", true)),
            entry("PartitionConfig", new Reason("asks for more than the partition's nodes have (-c, --mem or --gpus): lower them or choose another partition (-p)", true)),
            entry("BadConstraints", new Reason("its constraints can never be met", true)),
            entry("DependencyNeverSatisfied", new Reason("the array it waits for failed to start", true)),
            entry("InvalidAccount", new Reason("its account is not valid: check -A", true)),
            entry("InvalidQOS", new Reason("its QOS is not valid", true)),
            entry("QOSMaxWallDurationPerJobLimit", new Reason("-t is above the QOS's time limit: lower -t", true)),
            entry("AssocMaxWallDurationPerJobLimit", new Reason("-t is above your account's time limit: lower -t", true)));

    /** Failures worth trying again: the controller or slurmdbd did not answer. */
    private static final List<String> TRANSIENT = List.of(
            "Socket timed out", "Unable to contact slurm controller", "Connection refused", "Connection timed out",
            "Transport endpoint is not connected", "Slurm temporarily unable to accept job", "Resource temporarily unavailable",
            "Zero Bytes were transmitted", "slurm_persist_conn_open", "Problem talking to the database",
            "Communication connection failure", "Network is unreachable", "Slurmctld is busy");

    private SlurmStatusParser() {
    }

    static boolean isTransient(String text) {
        return TRANSIENT.stream().anyMatch(text::contains);
    }

    /** The neutral state of a native state name ({@code CANCELLED by 1000} → CANCELLED); unknown → UNKNOWN. */
    static EntryState state(String nativeState) {
        return lookUp(nativeState).state();
    }

    /** What the table says of a state beyond the neutral state, for status; the raw text when unknown. */
    static String words(String nativeState) {
        return lookUp(nativeState).words();
    }

    private static Native lookUp(String nativeState) {
        String base = nativeState.strip().split("\\s+", 2)[0].replace("+", "");
        Native s = STATES.get(base);
        if (s == null) {
            LOG.debug("[slurm] unknown job state ''{0}''", nativeState);
            return new Native(UNKNOWN, nativeState);
        }
        return s;
    }

    /** A reason code in words; unknown codes are shown as they are. */
    static String reasonWords(String code) {
        Reason r = REASONS.get(code);
        return r == null ? code : r.words().isEmpty() ? "" : r.words() + " (" + code + ")";
    }

    static boolean neverRuns(String code) {
        Reason r = REASONS.get(code);
        return r != null && r.fatal();
    }

    // ---------------------------------------------------------------- squeue

    /** squeue's output for {@link #SQUEUE_FORMAT}. */
    static Query squeue(CommandResult r) {
        return squeue(r, SQUEUE_FORMAT);
    }

    /**
     * squeue's output for an {@code -o} format of {@code |}-separated fields. It must hold the
     * state ({@code %T}) and either {@code %F} and {@code %K} or {@code %i}; {@code %A},
     * {@code %r}, {@code %e} and {@code %j} are read when present.
     */
    static Query squeue(CommandResult r, String format) {
        if (!r.succeeded()) {
            // one unknown or purged id: "Invalid job id specified", exit 1 (traps 5 and 6)
            if (r.stderr().contains("Invalid job id specified")) {
                return new Query.Answer(List.of());
            }
            return failure(r, "squeue");
        }
        Fields fields = new Fields(format);
        List<TaskInfo> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", fields.count());
            if (f.length < fields.count()) {
                LOG.debug("[slurm] squeue line without {0} fields: ''{1}''", fields.count(), line);
                continue;
            }
            String nativeState = fields.get(f, "%T").strip();
            EntryState state = state(nativeState);
            String reason = fields.get(f, "%r").strip();
            boolean pending = state == QUEUED;
            String detail = pending ? reasonWords(reason) : words(nativeState);
            Optional<Instant> end = state.isFinal() ? time(fields.get(f, "%e")) : Optional.empty();
            String arrayId;
            List<Integer> indices;
            if (fields.has("%F") && fields.has("%K")) {
                arrayId = fields.get(f, "%F").strip();
                String k = fields.get(f, "%K").strip();
                indices = k.equals("N/A") ? List.of(0) : indices(k);
            } else {
                Matcher m = JOB_ID.matcher(fields.get(f, "%i").strip());
                if (!m.matches()) {
                    LOG.debug("[slurm] squeue line without a job id: ''{0}''", line);
                    continue;
                }
                arrayId = m.group(1);
                indices = m.group(2) == null ? List.of(0) : m.group(3) == null ? List.of(Integer.parseInt(m.group(2)))
                        : indices(m.group(3));
            }
            for (int index : indices) {
                out.add(new TaskInfo(arrayId, index, state, nativeState, reason, detail, pending && neverRuns(reason),
                        "", fields.get(f, "%A").strip(), fields.get(f, "%j"), end));
            }
        }
        return new Query.Answer(out);
    }

    // ---------------------------------------------------------------- sacct

    /** {@code 39_4}, {@code 39_[6-9%1]}, or a plain job {@code 6} (index 0: a one-task array prints {@code 6_0}). */
    private static final Pattern JOB_ID = Pattern.compile("(\\d+)(?:_(\\d+|\\[([^\\]]+)\\]))?");

    /** sacct's output for {@link #SACCT_FORMAT}. */
    static Query sacct(CommandResult r) {
        return sacct(r, SACCT_FORMAT);
    }

    /**
     * sacct {@code -P} output for a {@code -o} list holding JobID and State; JobIDRaw, ExitCode,
     * Reason, End and JobName are read when present. Steps ({@code 39_4.batch}) and a header line
     * are skipped.
     */
    static Query sacct(CommandResult r, String format) {
        if (!r.succeeded()) {
            if (r.stderr().contains("accounting storage is disabled")) {
                return new Query.Unavailable(r.stderr().strip());
            }
            return failure(r, "sacct");
        }
        Fields fields = new Fields(format);
        // per-task lines override a range record, which is stale (trap 8): 39_[6-9%1] after 39_6 ran
        Map<String, TaskInfo> tasks = new LinkedHashMap<>();
        Map<String, TaskInfo> fromRanges = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", fields.count());
            if (f.length < fields.count()) {
                LOG.debug("[slurm] sacct line without {0} fields: ''{1}''", fields.count(), line);
                continue;
            }
            Matcher m = JOB_ID.matcher(fields.get(f, "JobID").strip());
            if (!m.matches()) {
                continue;   // a step (39_4.batch) or the header
            }
            String nativeState = fields.get(f, "State").strip();
            EntryState state = state(nativeState);
            String reason = fields.get(f, "Reason").strip();
            boolean pending = state == QUEUED;
            // finished tasks keep a stale pending reason (trap 15): words only while pending
            String detail = pending ? reasonWords(reason) : words(nativeState);
            boolean range = m.group(3) != null;
            List<Integer> indices = m.group(2) == null ? List.of(0) : range ? indices(m.group(3))
                    : List.of(Integer.parseInt(m.group(2)));
            for (int index : indices) {
                TaskInfo t = new TaskInfo(m.group(1), index, state, nativeState, reason, detail,
                        pending && neverRuns(reason), fields.get(f, "ExitCode").strip(), fields.get(f, "JobIDRaw").strip(),
                        fields.get(f, "JobName"), time(fields.get(f, "End")));
                (range ? fromRanges : tasks).put(m.group(1) + "_" + index, t);
            }
        }
        fromRanges.forEach(tasks::putIfAbsent);
        return new Query.Answer(List.copyOf(tasks.values()));
    }

    /** Column positions of a {@code |}-separated format ({@code %F|%K|…} or {@code JobID,State,…}). */
    private static final class Fields {
        private final Map<String, Integer> positions = new LinkedHashMap<>();

        Fields(String format) {
            String[] names = format.contains("|") || format.startsWith("%") ? format.split("\\|") : format.split(",");
            for (int i = 0; i < names.length; i++) {
                String n = names[i].strip();
                int width = n.indexOf('%', 1);   // sacct's Field%20
                positions.putIfAbsent(width > 0 && !n.startsWith("%") ? n.substring(0, width) : n.replaceAll("^%[.0-9]*", "%"), i);
            }
        }

        int count() {
            return positions.size();
        }

        boolean has(String field) {
            return positions.containsKey(field);
        }

        String get(String[] line, String field) {
            Integer i = positions.get(field);
            return i == null || i >= line.length ? "" : line[i];
        }
    }

    private static Query failure(CommandResult r, String what) {
        if (isTransient(r.stderr() + r.stdout())) {
            return new Query.Transient(r.stderr().strip());
        }
        return new Query.Failed(r.describeFailure("[slurm] " + what + " failed"));
    }

    /**
     * Array indices from {@code %K} or a bracketed JobID: {@code 4}, {@code 3-9%3},
     * {@code 4,7,9%3}, {@code 1-9:2}; the throttle ({@code %N}) is dropped. {@code N/A} (not an
     * array task) gives none.
     */
    static List<Integer> indices(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        int pct = t.indexOf('%');
        if (pct >= 0) {
            t = t.substring(0, pct);
        }
        Optional<List<Integer>> indices = IndexRanges.tryParse(t);
        if (indices.isEmpty()) {
            LOG.debug("[slurm] not an array index: ''{0}''", text);
        }
        return indices.orElse(List.of());
    }

    /** SLURM's local times ({@code 2026-11-25T10:27:26}); {@code Unknown}, {@code None}, {@code N/A} → empty. */
    static Optional<Instant> time(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text.strip()).atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
