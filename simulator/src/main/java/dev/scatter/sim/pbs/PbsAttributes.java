package dev.scatter.sim.pbs;

import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.IndexRanges;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The attributes qstat -f prints, in the order OpenPBS prints them, for the three kinds of
 * record: a plain job, an array parent ({@code 9[]}), and a subjob ({@code 9[0]}). A subjob
 * that never ran (or whose history was rewritten, trap PBS 8) is printed as a copy of its
 * parent's template, with {@code ^array_index^} paths (qstat_fjson_t_running_array).
 */
final class PbsAttributes {

    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    private static final DateTimeFormatter COMMENT = DateTimeFormatter.ofPattern("EEE MMM dd 'at' HH:mm", Locale.ROOT);

    private final PbsDialect dialect;
    private final SimConfig config;

    PbsAttributes(PbsDialect dialect) {
        this.dialect = dialect;
        this.config = dialect.config();
    }

    String ctime(Instant i) {
        return CTIME.format(i.atZone(config.zone()));
    }

    private String commentTime(Instant i) {
        return COMMENT.format(i.atZone(config.zone()));
    }

    // ------------------------------------------------------------------ plain jobs

    Map<String, Object> plain(SimTask t, Instant now) {
        SimJob job = t.job();
        PbsJobInfo info = job.info(PbsJobInfo.class);
        Map<String, Object> a = new LinkedHashMap<>();
        head(a, info);
        if (t.wasStarted()) {
            a.put("resources_used", resourcesUsed(t, now));
        }
        a.put("job_state", dialect.stateLetter(t));
        a.put("queue", info.queue);
        a.put("server", dialect.server());
        a.put("Checkpoint", "u");
        a.put("ctime", ctime(job.submitTime()));
        a.put("Error_Path", dialect.server() + ":" + dialect.outputFile(t, 'e'));
        if (t.wasStarted()) {
            a.put("exec_host", execHost(t));
            a.put("exec_vnode", execVnode(t));
        }
        a.put("Hold_Types", job.isHeld() ? "u" : "n");
        common(a, t.job(), info, mtime(t), dialect.server() + ":" + dialect.outputFile(t, 'o'));
        if (t.wasStarted()) {
            a.put("stime", ctime(t.startTime()));
            ranTail(a, t, now);
        } else {
            a.put("substate", dialect.substate(t));
            a.put("Variable_List", variableList(info));
            String comment = queuedComment(t);
            if (comment != null) {
                a.put("comment", t.state().isFinished() ? comment + " and terminated" : comment);
            }
            a.put("etime", ctime(job.submitTime()));
        }
        if (t.wasStarted() && t.state().isFinished()) {
            a.put("Stageout_status", 1);
            a.put("Exit_status", dialect.exitStatus(t));
        }
        a.put("Submit_arguments", info.submitArguments);
        executable(a, info);
        if (t.state().isFinished() && dialect.keepsHistory()) {
            a.put("history_timestamp", t.endTime().getEpochSecond());
        }
        tail(a);
        return a;
    }

    // ------------------------------------------------------------------ arrays

    Map<String, Object> parent(SimJob job, Instant now) {
        PbsJobInfo info = job.info(PbsJobInfo.class);
        boolean done = job.allFinished();
        Map<String, Object> a = template(job, info, dialect.parentStateLetter(job), dialect.parentSubstate(job),
                parentComment(job));
        // template() put Exit_status where subjobs have it; the parent's array attributes follow
        a.put("Submit_arguments", info.submitArguments);
        executable(a, info);
        a.put("array", "True");
        a.put("array_state_count", stateCount(job));
        a.put("array_indices_submitted", info.rangeText);
        List<Integer> remaining = new ArrayList<>();
        for (SimTask t : job.tasks()) {
            if (t.state() == TaskState.PENDING) {
                remaining.add(t.index());
            }
        }
        a.put("array_indices_remaining", remaining.isEmpty() ? "-" : IndexRanges.format(remaining));
        if (done && dialect.keepsHistory()) {
            a.put("history_timestamp", lastEnd(job).getEpochSecond());
        }
        tail(a);
        if (job.throttle() > 0) {
            a.put("max_run_subjobs", job.throttle());
        }
        return a;
    }

    Map<String, Object> subjob(SimTask t, Instant now) {
        SimJob job = t.job();
        PbsJobInfo info = job.info(PbsJobInfo.class);
        if (!t.wasStarted() || info.rewritten.contains(t.index()) || (!dialect.keepsHistory() && t.state().isFinished())) {
            boolean finished = t.state().isFinished();
            String comment = finished ? "Subjob finished" : parentComment(job);
            int substate = finished ? dialect.parentSubstate(job) : 10;
            Map<String, Object> a = template(job, info, dialect.stateLetter(t), substate, comment);
            a.put("Submit_arguments", info.submitArguments);
            executable(a, info);
            return a;
        }
        Map<String, Object> a = new LinkedHashMap<>();
        head(a, info);
        a.put("resources_used", resourcesUsed(t, now));
        a.put("job_state", dialect.stateLetter(t));
        a.put("queue", info.queue);
        a.put("server", dialect.server());
        a.put("ctime", ctime(job.submitTime()));
        a.put("Error_Path", dialect.server() + ":" + dialect.outputFile(t, 'e'));
        a.put("exec_host", execHost(t));
        a.put("exec_vnode", execVnode(t));
        common(a, job, info, mtime(t), dialect.server() + ":" + dialect.outputFile(t, 'o'));
        a.put("stime", ctime(t.startTime()));
        ranTail(a, t, now);
        if (t.state().isFinished()) {
            a.put("Stageout_status", 1);
            a.put("Exit_status", dialect.exitStatus(t));
        }
        executable(a, info);
        a.put("array_id", dialect.arrayId(job));
        a.put("array_index", t.index());
        if (t.state().isFinished() && dialect.keepsHistory()) {
            a.put("history_timestamp", t.endTime().getEpochSecond());
        }
        tail(a);
        return a;
    }

    /** The parent's own attributes, which never-run subjobs copy. */
    private Map<String, Object> template(SimJob job, PbsJobInfo info, String state, int substate, String comment) {
        Map<String, Object> a = new LinkedHashMap<>();
        head(a, info);
        a.put("job_state", state);
        a.put("queue", info.queue);
        a.put("server", dialect.server());
        a.put("Checkpoint", "u");
        a.put("ctime", ctime(job.submitTime()));
        a.put("Error_Path", dialect.server() + ":" + dialect.arrayOutputTemplate(job, 'e'));
        a.put("Hold_Types", job.isHeld() ? "u" : "n");
        common(a, job, info, jobMtime(job), dialect.server() + ":" + dialect.arrayOutputTemplate(job, 'o'));
        Instant began = firstStart(job);
        if (began != null) {
            a.put("stime", ctime(began));
        }
        if (job.allFinished()) {
            a.put("obittime", ctime(lastEnd(job)));
        }
        a.put("substate", substate);
        a.put("Variable_List", variableList(info));
        if (comment != null) {
            a.put("comment", comment);
        }
        a.put("etime", ctime(job.submitTime()));
        Integer exit = parentExit(job);
        if (exit != null) {
            a.put("Stageout_status", 1);
            a.put("Exit_status", exit);
        }
        return a;
    }

    // ------------------------------------------------------------------ pieces

    private void head(Map<String, Object> a, PbsJobInfo info) {
        a.put("Job_Name", info.name);
        a.put("Job_Owner", config.user() + "@" + dialect.server());
    }

    private void common(Map<String, Object> a, SimJob job, PbsJobInfo info, Instant mtime, String outputPath) {
        a.put("Join_Path", info.join);
        a.put("Keep_Files", "n");
        a.put("Mail_Points", "a");
        a.put("mtime", ctime(mtime));
        a.put("Output_Path", outputPath);
        a.put("Priority", 0);
        a.put("qtime", ctime(job.submitTime()));
        a.put("Rerunable", "True");
        a.put("Resource_List", resourceList(info, job));
    }

    /** What follows stime for a job that ran: obittime, session, jobdir, substate, comment, run_count. */
    private void ranTail(Map<String, Object> a, SimTask t, Instant now) {
        PbsJobInfo info = t.job().info(PbsJobInfo.class);
        if (t.state().isFinished()) {
            a.put("obittime", ctime(t.endTime()));
        }
        // MoM reports the session id at its first poll: short jobs never show one
        if (t.state() == TaskState.RUNNING || Duration.between(t.startTime(), t.endTime()).getSeconds() >= 2) {
            a.put("session_id", t.pid());
        }
        a.put("jobdir", config.pbsHome().toString());
        a.put("substate", dialect.substate(t));
        a.put("Variable_List", variableList(info));
        String comment = "Job run at " + commentTime(t.startTime()) + " on " + execVnode(t);
        a.put("comment", comment + dialect.endingComment(t));
        a.put("etime", ctime(t.job().submitTime()));
        if (info.block) {
            a.put("block", "True");
        }
        a.put("run_count", 1);
    }

    private void tail(Map<String, Object> a) {
        a.put("project", "_pbs_project_default");
        a.put("Submit_Host", dialect.server());
    }

    private static void executable(Map<String, Object> a, PbsJobInfo info) {
        if (info.isExecutable()) {
            a.put("executable", "<jsdl-hpcpa:Executable>" + info.executable.get(0) + "</jsdl-hpcpa:Executable>");
            if (info.executable.size() > 1) {
                StringBuilder sb = new StringBuilder();
                for (String arg : info.executable.subList(1, info.executable.size())) {
                    sb.append("<jsdl-hpcpa:Argument>").append(arg).append("</jsdl-hpcpa:Argument>");
                }
                a.put("argument_list", sb.toString());
            }
        }
    }

    Map<String, Object> resourceList(PbsJobInfo info, SimJob job) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (info.memText != null) {
            r.put("mem", info.memText);
        }
        r.put("ncpus", info.ncpus);
        r.put("nodect", job.request().nodes());
        r.put("place", info.place);
        r.put("select", info.select);
        if (info.walltime != null) {
            r.put("walltime", hms(info.walltime));
        }
        return r;
    }

    private Map<String, Object> resourcesUsed(SimTask t, Instant now) {
        Map<String, Object> r = new LinkedHashMap<>();
        long mem = Math.max(0, t.maxRssKb());
        Instant until = t.state() == TaskState.RUNNING ? now : t.endTime();
        r.put("cpupercent", 0);
        r.put("cput", "00:00:00");
        r.put("mem", mem + "kb");
        r.put("ncpus", t.job().info(PbsJobInfo.class).ncpus);
        r.put("vmem", mem + "kb");
        r.put("walltime", hms(Duration.between(t.startTime(), until)));
        return r;
    }

    /** PBS_O_* first, -v variables before PBS_O_QUEUE and PBS_O_HOST (qstat_fjson_xt_all, 16.pbshost). */
    Map<String, Object> variableList(PbsJobInfo info) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (String name : List.of("HOME", "LANG", "LOGNAME", "PATH", "MAIL", "SHELL")) {
            if (info.submitEnv.containsKey(name)) {
                v.put("PBS_O_" + name, info.submitEnv.get(name));
            }
        }
        v.put("PBS_O_WORKDIR", info.submitDir.toString());
        v.put("PBS_O_SYSTEM", "Linux");
        v.putAll(info.variables);
        v.put("PBS_O_QUEUE", info.queue);
        v.put("PBS_O_HOST", dialect.server());
        return v;
    }

    String execVnode(SimTask t) {
        PbsJobInfo info = t.job().info(PbsJobInfo.class);
        String node = t.nodes().isEmpty() ? dialect.server() : t.nodes().get(0);
        return "(" + node + ":ncpus=" + info.ncpus + (info.memKb > 0 ? ":mem=" + info.memKb + "kb" : "") + ")";
    }

    String execHost(SimTask t) {
        PbsJobInfo info = t.job().info(PbsJobInfo.class);
        String node = t.nodes().isEmpty() ? dialect.server() : t.nodes().get(0);
        int slot = info.slots.getOrDefault(t.index(), 0);
        return node + "/" + slot + (info.ncpus > 1 ? "*" + info.ncpus : "");
    }

    private String parentComment(SimJob job) {
        Instant began = firstStart(job);
        if (began == null) {
            return null;
        }
        String c = "Job Array Began at " + commentTime(began);
        if (job.allFinished()) {
            int sub = dialect.parentSubstate(job);
            c += sub == 91 ? " and terminated" : sub == 93 ? " and failed" : " and finished";
        }
        return c;
    }

    /**
     * The parent's Exit_status: 1 as soon as a subjob ended while the array runs; at the end the
     * status of the subjob that finished last, 1 after a qdel of the array (trap PBS 7).
     */
    Integer parentExit(SimJob job) {
        PbsJobInfo info = job.info(PbsJobInfo.class);
        boolean anyEnded = job.tasks().stream().anyMatch(t -> t.state().isFinished());
        if (!anyEnded) {
            return null;
        }
        if (!job.allFinished() || info.deleteTime != null) {
            return 1;
        }
        SimTask last = null;
        for (SimTask t : job.tasks()) {
            if (t.wasStarted() && (last == null || !t.endTime().isBefore(last.endTime()))) {
                last = t;
            }
        }
        int exit = last == null ? 0 : dialect.exitStatus(last);
        return exit < 0 ? 2 : exit;
    }

    private String stateCount(SimJob job) {
        int queued = 0;
        int running = 0;
        int expired = 0;
        PbsJobInfo info = job.info(PbsJobInfo.class);
        boolean done = job.allFinished();
        for (SimTask t : job.tasks()) {
            switch (t.state()) {
                case PENDING -> queued++;
                case RUNNING -> running++;
                default -> {
                    // at the end only the subjobs printed as templates count (qstat_fjson_xt_*)
                    if (!done || !t.wasStarted() || info.rewritten.contains(t.index())) {
                        expired++;
                    }
                }
            }
        }
        return "Queued:" + queued + " Running:" + running + " Exiting:0 Expired:" + expired;
    }

    /** Why a queued job waits, as the scheduler's comment says it (qstat_f_never_run). */
    private String queuedComment(SimTask t) {
        return dialect.queuedComment(t);
    }

    private static Instant firstStart(SimJob job) {
        Instant first = null;
        for (SimTask t : job.tasks()) {
            if (t.wasStarted() && (first == null || t.startTime().isBefore(first))) {
                first = t.startTime();
            }
        }
        return first;
    }

    static Instant lastEnd(SimJob job) {
        Instant last = job.submitTime();
        for (SimTask t : job.tasks()) {
            if (t.endTime() != null && t.endTime().isAfter(last)) {
                last = t.endTime();
            }
        }
        return last;
    }

    private static Instant mtime(SimTask t) {
        if (t.endTime() != null) {
            return t.endTime();
        }
        return t.wasStarted() ? t.startTime() : t.job().submitTime();
    }

    private static Instant jobMtime(SimJob job) {
        Instant m = job.submitTime();
        for (SimTask t : job.tasks()) {
            Instant x = mtime(t);
            if (x.isAfter(m)) {
                m = x;
            }
        }
        return m;
    }

    static String hms(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
