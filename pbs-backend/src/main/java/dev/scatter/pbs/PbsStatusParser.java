package dev.scatter.pbs;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.TaskInfo;
import dev.scatter.core.io.DebugLog;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.spi.CommandResult;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenPBS / PBS Pro {@code qstat -f -F json -t [-x]} → one {@link TaskInfo} per subjob (or plain
 * job), and why a task died. The state and Exit_status tables live here; {@link
 * TorqueStatusParser} reads Torque's XML and swaps the tables. Captured against OpenPBS 23.06.06
 * (shared/fixtures/pbs).
 *
 * <p>What the fixtures taught (traps PBS 5–10): a subjob's Exit_status is its own only when it
 * ran and its record was kept (history on: {@code exec_host} present); without history every
 * finished subjob of a live array shows {@code Exit_status 1, "Subjob finished"}, and the array
 * vanishes with its last subjob. The array parent's Exit_status copies the last subjob to finish,
 * so parents are read for their throttle only. Such tasks are "ended, exit unknown": the
 * wrapper's records decide, and the task's PBS output file says whether PBS killed it.
 */
class PbsStatusParser {

    private static final DebugLog LOG = DebugLog.of(PbsStatusParser.class);

    /** A job, subjob or array parent as qstat describes it, whatever the format. */
    record Job(String id, String name, String state, int substate, Optional<Integer> ownExit, String comment,
               Optional<Instant> end, String holdTypes, boolean dependent, int throttle) {
    }

    /** What an Exit_status means for scatter. */
    record Outcome(EntryState state, String words) {
    }

    // Job states: PBS Professional Reference Guide 2021.1, section 8.1 "Job States" (as cited by psij's pbs_base.py),
    // https://www.altair.com/pdfs/pbsworks/PBSReferenceGuide2021.1.pdf
    private static final Map<String, EntryState> LIVE_STATES = Map.ofEntries(
            entry("Q", QUEUED),     // queued, eligible to run or be routed
            entry("H", QUEUED),     // held: by a user, an operator, or by the system for a dependency
            entry("W", QUEUED),     // waiting for its execution time (-a) or for stage-in
            entry("T", QUEUED),     // in transit to a new location
            entry("M", QUEUED),     // moved to another server
            entry("R", RUNNING),    // running
            entry("E", RUNNING),    // exiting after having run: MoM is still staging its files out
            entry("S", RUNNING),    // suspended by the server: keeps its place
            entry("U", RUNNING));   // suspended because its workstation became busy
    /** X: a subjob that ended while its array lives; F: finished (kept while history is on). Exit_status decides. */
    private static final Set<String> ENDED_STATES = Set.of("X", "F");
    // B (an array parent that has begun) is never a task.

    /** substate 91 "terminated": deleted with qdel, running or not (fixtures qstat_fjson_xt_deleted_array). */
    private static final int SUBSTATE_TERMINATED = 91;

    // Negative Exit_status values (JOB_EXEC_* in OpenPBS src/include/job.h; the Reference Guide's
    // "Job Exit Status Codes" table, link above): PBS's own reasons, not the script's.
    private static final Map<Integer, Outcome> EXITS = Map.ofEntries(
            entry(-1, new Outcome(LOST, "it could not start: the execution host failed before setting up its files")),
            entry(-2, new Outcome(LOST, "it could not start: the execution host failed after setting up its files")),
            entry(-3, new Outcome(LOST, "it could not start on its node (PBS would retry it: node failure)")),
            entry(-4, new Outcome(LOST, "it was aborted while the execution host (MoM) started")),
            entry(-7, new Outcome(LOST, "its restart failed")),
            entry(-10, new Outcome(LOST, "its user or group is not valid on the execution host")),
            entry(-11, new Outcome(LOST, "PBS reran it")),
            entry(-12, new Outcome(LOST, "it was checkpointed and killed")),
            entry(-17, new Outcome(LOST, "a site hook rejected it")),
            entry(-19, new Outcome(LOST, "a site hook deleted it")),
            entry(-20, new Outcome(LOST, "its node lost contact with the job's first node (mother superior)")),
            entry(-24, new Outcome(LOST, "killed by PBS for using more cpus than it asked for (-c)")),
            entry(-25, new Outcome(LOST, "killed by PBS for using more cpus than it asked for (-c)")),
            entry(-26, new Outcome(OUT_OF_MEMORY, "killed by PBS over its vmem limit")),
            entry(-27, new Outcome(OUT_OF_MEMORY, "killed by PBS over its mem limit")),
            entry(-28, new Outcome(TIMEOUT, "killed by PBS over its cpu time limit")),
            entry(-29, new Outcome(TIMEOUT, "killed by PBS over its walltime")));

    /** Failures worth trying again: the server did not answer (PBS and Torque client messages). */
    private static final List<String> TRANSIENT = List.of(
            "cannot connect to server", "Cannot connect to specified server host", "Connection refused",
            "Connection timed out", "Connection reset", "Premature end of message", "Communication failure",
            "pbs_iff", "Resource temporarily unavailable", "Server busy", "server is busy", "End of File",
            "Network is unreachable", "No route to host");

    /** stderr lines of a status query about jobs that no longer exist (fixtures qstat_unknown, qstat_fjson_finished_no_x). */
    private static final Pattern GONE = Pattern.compile("Unknown Job Id|Job has finished|invalid state for job - COMPLETE");

    /** {@code 123[4].server} (a subjob), {@code 123[].server} (an array), {@code 123.server} (a plain job). */
    private static final Pattern JOB_ID = Pattern.compile("(\\d+)(?:\\[(\\d*)\\])?(.*)");
    /** The %N throttle of an array in its submit arguments ({@code -J 0-5%2}, {@code -t 0-5%2}). */
    private static final Pattern THROTTLE = Pattern.compile("-[Jt]\\s*\\S*?%(\\d+)");
    /** PBS's ctime-style times, local to the server: {@code Wed Nov 25 10:29:05 2026}. */
    private static final DateTimeFormatter PBS_TIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH);

    /**
     * Lenient JSON: some PBS versions print environment values in Variable_List unescaped
     * (backslashes, control characters); one odd variable must not hide a whole run.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** {@code [pbs-pro]}, for messages. */
    protected final String tag;

    PbsStatusParser(String scheduler) {
        this.tag = "[" + scheduler + "]";
    }

    protected Map<String, EntryState> liveStates() {
        return LIVE_STATES;
    }

    protected Set<String> endedStates() {
        return ENDED_STATES;
    }

    protected Map<Integer, Outcome> exits() {
        return EXITS;
    }

    /** Why nothing knows a task that left the queue: the history this scheduler keeps (or not). */
    protected String forgetfulness() {
        return "PBS keeps no finished jobs without job history (an administrator enables it with"
                + " qmgr -c 'set server job_history_enable=True')";
    }

    boolean isTransient(String text) {
        return TRANSIENT.stream().anyMatch(text::contains);
    }

    // ---------------------------------------------------------------- qstat

    /**
     * A status or history query's answer. {@code history}: the query used {@code -x}, which a
     * server without job history answers with nothing on stdout, exit 0, and a complaint on
     * stderr (trap PBS 5): then history is {@link Query.Unavailable}.
     */
    Query query(CommandResult r, boolean history) {
        String text = r.stderr() + r.stdout();
        if (history && r.stderr().contains("not configured to maintain job history")) {
            return new Query.Unavailable(r.stderr().strip());
        }
        if (!r.succeeded() && !onlyGone(r.stderr())) {
            if (isTransient(text)) {
                return new Query.Transient(r.stderr().strip());
            }
            return new Query.Failed(r.describeFailure(tag + " qstat failed"));
        }
        // exit 153 "Unknown Job Id" / 35 "Job has finished": the jobs asked about are gone, which is an answer
        try {
            return new Query.Answer(tasks(jobs(r.stdout())));
        } catch (IllegalArgumentException e) {
            return new Query.Failed(e.getMessage());
        }
    }

    private static boolean onlyGone(String stderr) {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        return !lines.isEmpty() && lines.stream().allMatch(l -> GONE.matcher(l).find());
    }

    /**
     * The jobs in {@code qstat -f -F json} output; without a {@code "Jobs"} key (nothing matched,
     * trap PBS 10) there are none. Numbers may be JSON numbers or strings, booleans are strings.
     */
    protected List<Job> jobs(String stdout) {
        String t = stdout.strip();
        if (t.isEmpty()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = json(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(tag + " qstat -F json printed something that is not JSON (" + e.getMessage()
                    + "); it begins: '" + firstLine(t) + "'");
        }
        List<Job> out = new ArrayList<>();
        JsonNode jobs = root.path("Jobs");
        for (Map.Entry<String, JsonNode> e : jobs.properties()) {
            JsonNode o = e.getValue();
            String id = e.getKey();
            Optional<Integer> exit = integer(o.path("Exit_status"));
            // a subjob's Exit_status is its own only if it ran and its record was kept (traps PBS 5, 6, 8)
            boolean subjob = id.matches("\\d+\\[\\d+\\].*");
            Optional<Integer> own = subjob && !o.has("exec_host") ? Optional.empty() : exit;
            JsonNode vars = o.path("Variable_List");
            String name = vars.isTextual() ? variable(vars.asText(), PbsScriptGenerator.NAME_VARIABLE)
                    : vars.path(PbsScriptGenerator.NAME_VARIABLE).asText("");
            int throttle = o.path("max_run_subjobs").asInt(0);
            out.add(new Job(id, name.isEmpty() ? o.path("Job_Name").asText("") : name, o.path("job_state").asText(""),
                    o.path("substate").asInt(-1), own, o.path("comment").asText(""), time(o.path("obittime").asText("")),
                    o.path("Hold_Types").asText(""), o.has("depend"),
                    throttle > 0 ? throttle : throttle(o.path("Submit_arguments").asText(""))));
        }
        return out;
    }

    // ---------------------------------------------------------------- jobs → tasks

    /** A task's job with its array id and index. */
    private record Located(Job job, String array, int index) {
    }

    /** One TaskInfo per subjob or plain job; array parents only lend their throttle. */
    List<TaskInfo> tasks(List<Job> jobs) {
        Map<String, Integer> running = new HashMap<>();
        Map<String, Integer> throttles = new HashMap<>();
        List<Located> tasks = new ArrayList<>();
        for (Job j : jobs) {
            Matcher m = JOB_ID.matcher(j.id());
            if (!m.matches()) {
                LOG.debug("{0} qstat job without a job id: ''{1}''", tag, j.id());
                continue;
            }
            String array = m.group(2) == null ? m.group(0) : m.group(1) + "[]" + m.group(3);
            if (j.throttle() > 0) {
                throttles.merge(array, j.throttle(), Math::max);
            }
            if (m.group(2) != null && m.group(2).isEmpty()) {
                continue;   // the array parent: its state and Exit_status say nothing about a task (trap PBS 7)
            }
            if (liveStates().get(j.state()) == RUNNING) {
                running.merge(array, 1, Integer::sum);
            }
            tasks.add(new Located(j, array, m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        }
        List<TaskInfo> out = new ArrayList<>();
        for (Located l : tasks) {
            out.add(task(l.job(), l.array(), l.index(), running.getOrDefault(l.array(), 0), throttles.getOrDefault(l.array(), 0)));
        }
        return out;
    }

    private TaskInfo task(Job j, String array, int index, int running, int throttle) {
        String exit = j.ownExit().map(String::valueOf).orElse("");
        EntryState live = liveStates().get(j.state());
        if (live == QUEUED) {
            boolean never = j.comment().startsWith("Can Never Run");
            return info(j, array, index, QUEUED, waiting(j, running, throttle), never, exit);
        }
        if (live == RUNNING) {
            String detail = j.state().equals("S") || j.state().equals("U") ? "suspended" : "";
            return info(j, array, index, RUNNING, detail, false, exit);
        }
        if (!endedStates().contains(j.state())) {
            LOG.debug("{0} unknown job state ''{1}'' of {2}", tag, j.state(), j.id());
            return info(j, array, index, UNKNOWN, "state " + j.state(), false, exit);
        }
        Outcome o = outcome(j);
        return info(j, array, index, o.state(), o.words(), false, exit);
    }

    private TaskInfo info(Job j, String array, int index, EntryState state, String detail, boolean never, String exit) {
        return new TaskInfo(array, index, state, j.state(), j.comment(), detail, never, exit, j.id(), j.name(),
                state.isFinal() ? j.end() : Optional.empty());
    }

    /** Why a queued task waits, in words; "Can Never Run: …" is PBS's own (trap PBS 14). */
    private String waiting(Job j, int running, int throttle) {
        if (j.comment().startsWith("Can Never Run")) {
            return j.comment();
        }
        switch (j.state()) {
            case "H" -> {
                if (j.dependent() || j.holdTypes().contains("s")) {
                    return "waiting for the job before it to end (a dependency: --max-running across arrays, --before)";
                }
                if (j.holdTypes().contains("u")) {
                    return "held by you: qrls " + j.id() + " releases it";
                }
                return j.holdTypes().contains("o") ? "held by an operator" : "held";
            }
            case "W" -> {
                return "waiting for its start time or its input files";
            }
            case "T", "M" -> {
                return "being moved to its execution queue";
            }
            default -> {
                if (throttle > 0 && running >= throttle) {
                    return "held back by --max-running (the array's %" + throttle + " limit)";
                }
                // "Not Running: Insufficient amount of resource: ncpus (R: 4 A: 2 T: 8)": for now
                return j.comment().startsWith("Not Running:") ? "waiting: " + j.comment().substring(12).strip() : "";
            }
        }
    }

    /** How an ended job ended, from its substate and its own Exit_status. */
    Outcome outcome(Job j) {
        if (j.substate() == SUBSTATE_TERMINATED) {
            return new Outcome(CANCELLED, "deleted with qdel");
        }
        if (j.ownExit().isEmpty()) {
            // history off, or deleted before it ran: PBS kept no exit status of its own (traps PBS 5, 6)
            return new Outcome(SUCCEEDED, "PBS kept no exit status for it: " + j.comment());
        }
        int e = j.ownExit().get();
        if (e == 0) {
            return new Outcome(SUCCEEDED, "");
        }
        if (e < 0) {
            return exits().getOrDefault(e, new Outcome(LOST, "PBS ended it (Exit_status " + e + ")"));
        }
        if (e == 256 + 15) {
            return new Outcome(CANCELLED, "terminated by SIGTERM (qdel)");   // 271 (trap PBS 6)
        }
        if (e > 256) {
            return new Outcome(FAILED, "killed by signal " + (e - 256));     // 265: SIGKILL
        }
        if (e > 128) {
            return new Outcome(FAILED, "its job shell died of signal " + (e - 128));   // 137: kill -9 $$
        }
        return new Outcome(FAILED, "exit " + e);
    }

    // ---------------------------------------------------------------- values

    /** PBS's JSON, read leniently; {@link IllegalArgumentException} when it is not JSON at all. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.isBlank() ? "{}" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    static Optional<Integer> integer(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (n.isNumber()) {
            return Optional.of(n.asInt());
        }
        return integer(n.asText());
    }

    static Optional<Integer> integer(String text) {
        try {
            return text == null || text.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** One variable of a Variable_List written as {@code A=1,B=2} (text and XML forms). */
    static String variable(String list, String name) {
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            if (eq > 0 && item.substring(0, eq).strip().equals(name)) {
                return item.substring(eq + 1);
            }
        }
        return "";
    }

    static int throttle(String submitArguments) {
        Matcher m = THROTTLE.matcher(submitArguments);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** {@code Wed Nov 25 10:29:05 2026} (the server's local time, taken as this machine's). */
    static Optional<Instant> time(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(t, PBS_TIME).atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    static String lastLine(String text) {
        String t = text.strip();
        return t.isEmpty() ? "" : ": " + t.substring(t.lastIndexOf('\n') + 1).strip();
    }
}
