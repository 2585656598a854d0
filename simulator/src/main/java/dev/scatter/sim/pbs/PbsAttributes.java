package dev.scatter.sim.pbs;

import dev.scatter.core.model.IndexRanges;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes qstat -f prints, in the order OpenPBS prints them, for the three kinds of
 * record: a plain job, an array parent ({@code 9[]}), and a subjob ({@code 9[0]}). A subjob
 * that never ran (or whose history was rewritten, trap PBS 8) is printed as a copy of its
 * parent's template, with {@code ^array_index^} paths (qstat_fjson_t_running_array).
 */
final class PbsAttributes {

    private final PbsDialect dialect;
    private final SimConfig config;
    private final PbsValues values;

    PbsAttributes(PbsDialect dialect) {
        this.dialect = dialect;
        this.config = dialect.config();
        this.values = dialect.values();
    }

    // ------------------------------------------------------------------ plain jobs

    Map<String, Object> plain(SimTask t, Instant now) {
        SimJob job = t.job();
        PbsJobInfo info = job.info(PbsJobInfo.class);
        Map<String, Object> a = new LinkedHashMap<>();
        head(a, info);
        if (t.wasStarted()) {
            a.put("resources_used", values.resourcesUsed(t, now));
        }
        a.put("job_state", dialect.stateLetter(t));
        a.put("queue", info.queue);
        a.put("server", dialect.server());
        a.put("Checkpoint", "u");
        a.put("ctime", values.ctime(job.submitTime()));
        a.put("Error_Path", dialect.server() + ":" + dialect.outputPaths().file(t, 'e'));
        if (t.wasStarted()) {
            a.put("exec_host", values.execHost(t));
            a.put("exec_vnode", values.execVnode(t));
        }
        a.put("Hold_Types", job.isHeld() ? "u" : "n");
        common(a, t.job(), info, PbsValues.mtime(t), dialect.server() + ":" + dialect.outputPaths().file(t, 'o'));
        if (t.wasStarted()) {
            a.put("stime", values.ctime(t.startTime()));
            ranTail(a, t, now);
        } else {
            a.put("substate", values.substate(t));
            a.put("Variable_List", values.variableList(info));
            String comment = values.queuedComment(t);
            if (comment != null) {
                a.put("comment", t.state().isFinished() ? comment + " and terminated" : comment);
            }
            a.put("etime", values.ctime(job.submitTime()));
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
        Map<String, Object> a = template(job, info, dialect.parentStateLetter(job), values.parentSubstate(job),
                values.parentComment(job));
        // template() put Exit_status where subjobs have it; the parent's array attributes follow
        a.put("Submit_arguments", info.submitArguments);
        executable(a, info);
        a.put("array", "True");
        a.put("array_state_count", values.stateCount(job));
        a.put("array_indices_submitted", info.rangeText);
        List<Integer> remaining = new ArrayList<>();
        for (SimTask t : job.tasks()) {
            if (t.state() == TaskState.PENDING) {
                remaining.add(t.index());
            }
        }
        a.put("array_indices_remaining", remaining.isEmpty() ? "-" : IndexRanges.format(remaining));
        if (done && dialect.keepsHistory()) {
            a.put("history_timestamp", PbsValues.lastEnd(job).getEpochSecond());
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
            String comment = finished ? "Subjob finished" : values.parentComment(job);
            int substate = finished ? values.parentSubstate(job) : 10;
            Map<String, Object> a = template(job, info, dialect.stateLetter(t), substate, comment);
            a.put("Submit_arguments", info.submitArguments);
            executable(a, info);
            return a;
        }
        Map<String, Object> a = new LinkedHashMap<>();
        head(a, info);
        a.put("resources_used", values.resourcesUsed(t, now));
        a.put("job_state", dialect.stateLetter(t));
        a.put("queue", info.queue);
        a.put("server", dialect.server());
        a.put("ctime", values.ctime(job.submitTime()));
        a.put("Error_Path", dialect.server() + ":" + dialect.outputPaths().file(t, 'e'));
        a.put("exec_host", values.execHost(t));
        a.put("exec_vnode", values.execVnode(t));
        common(a, job, info, PbsValues.mtime(t), dialect.server() + ":" + dialect.outputPaths().file(t, 'o'));
        a.put("stime", values.ctime(t.startTime()));
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
        a.put("ctime", values.ctime(job.submitTime()));
        a.put("Error_Path", dialect.server() + ":" + dialect.outputPaths().arrayTemplate(job, 'e'));
        a.put("Hold_Types", job.isHeld() ? "u" : "n");
        common(a, job, info, PbsValues.jobMtime(job), dialect.server() + ":" + dialect.outputPaths().arrayTemplate(job, 'o'));
        Instant began = PbsValues.firstStart(job);
        if (began != null) {
            a.put("stime", values.ctime(began));
        }
        if (job.allFinished()) {
            a.put("obittime", values.ctime(PbsValues.lastEnd(job)));
        }
        a.put("substate", substate);
        a.put("Variable_List", values.variableList(info));
        if (comment != null) {
            a.put("comment", comment);
        }
        a.put("etime", values.ctime(job.submitTime()));
        Integer exit = values.parentExit(job);
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
        a.put("mtime", values.ctime(mtime));
        a.put("Output_Path", outputPath);
        a.put("Priority", 0);
        a.put("qtime", values.ctime(job.submitTime()));
        a.put("Rerunable", "True");
        a.put("Resource_List", values.resourceList(info, job));
    }

    /** What follows stime for a job that ran: obittime, session, jobdir, substate, comment, run_count. */
    private void ranTail(Map<String, Object> a, SimTask t, Instant now) {
        PbsJobInfo info = t.job().info(PbsJobInfo.class);
        if (t.state().isFinished()) {
            a.put("obittime", values.ctime(t.endTime()));
        }
        // MoM reports the session id at its first poll: short jobs never show one
        if (t.state() == TaskState.RUNNING || Duration.between(t.startTime(), t.endTime()).getSeconds() >= 2) {
            a.put("session_id", t.pid());
        }
        a.put("jobdir", config.pbsHome().toString());
        a.put("substate", values.substate(t));
        a.put("Variable_List", values.variableList(info));
        String comment = "Job run at " + values.commentTime(t.startTime()) + " on " + values.execVnode(t);
        a.put("comment", comment + values.endingComment(t));
        a.put("etime", values.ctime(t.job().submitTime()));
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

}
