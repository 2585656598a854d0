package dev.scatter.sim.pbs;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.queue.SimCluster;
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
 * Torque's {@code qstat}: an array is one summary line unless {@code -t} expands it,
 * {@code -f} prints attributes, and {@code -x} prints them as XML (one line, {@code <Data>}
 * of {@code <Job>} elements, times as epoch seconds, like Xenon's fixtures/torque/jobs.xml).
 */
final class TorqueQstat {

    private final TorqueDialect dialect;
    private final SimCluster cluster;
    private final SimConfig config;
    private final Getopt options = Getopt.posix("aefFnl1Qqrsiut:xBGMRW:", false, Getopt.longOpt("version", false));

    TorqueQstat(TorqueDialect dialect) {
        this.dialect = dialect;
        this.cluster = dialect.cluster();
        this.config = dialect.config();
    }

    Reply run(Invocation inv) {
        List<String> args = new ArrayList<>();
        boolean expand = false;
        for (String a : inv.args()) {
            // -t takes no value in qstat (it does in qsub): handle it before getopt
            if (a.equals("-t")) {
                expand = true;
            } else {
                args.add(a);
            }
        }
        Getopt.Result parsed;
        try {
            parsed = options.parse(args);
        } catch (Getopt.Failure f) {
            return Reply.error(2, "qstat: invalid option -- '" + f.detail() + "'\n"
                    + "usage: qstat [-f [-1]] [-W site_specific] [-x] [ job_identifier... | destination... ]\n");
        }
        if (parsed.has("version")) {
            return Reply.ok(dialect.versionLine() + "\n");
        }
        boolean t = expand;
        return cluster.read(() -> jobs(parsed, t));
    }

    private Reply jobs(Getopt.Result args, boolean expand) {
        Instant now = cluster.clock().now();
        List<QstatRow> rows = new ArrayList<>();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        if (args.operands().isEmpty()) {
            for (SimJob job : cluster.jobs()) {
                if (job.tasks().stream().anyMatch(SimTask::isListed)) {
                    addRows(rows, job, expand);
                }
            }
        }
        for (String text : args.operands()) {
            PbsIds.Ref ref = PbsIds.parse(text);
            // unlike OpenPBS, a malformed id is just an unknown one
            SimJob job = ref == null ? null : PbsOperand.listedJob(cluster, ref);
            if (job == null) {
                err.append("qstat: Unknown Job Id ").append(ref == null ? text : ref.display(dialect.server())).append('\n');
                exit = 153;
                continue;
            }
            if (ref.indices() != null) {
                for (int i : ref.indices()) {
                    SimTask task = job.task(i);
                    if (task != null) {
                        rows.add(QstatRow.of(task));
                    }
                }
            } else {
                addRows(rows, job, expand);
            }
        }
        String out;
        if (args.has("x")) {
            StringBuilder sb = new StringBuilder("<Data>");
            for (QstatRow r : rows) {
                sb.append("<Job>");
                xml(sb, attributes(r, now, true));
                sb.append("</Job>");
            }
            out = rows.isEmpty() ? "" : sb.append("</Data>\n").toString();
        } else if (args.has("f")) {
            StringBuilder sb = new StringBuilder();
            for (QstatRow r : rows) {
                Map<String, Object> a = attributes(r, now, false);
                a.remove("Job_Id");
                sb.append(PbsText.job(r.id(dialect), a));
            }
            out = sb.toString();
        } else {
            out = table(rows);
        }
        return new Reply(exit, out, err.toString());
    }

    /** An array shows as one summary line; -t lists its subjobs instead (Torque qstat(1)). */
    private static void addRows(List<QstatRow> rows, SimJob job, boolean expand) {
        if (!job.isArray()) {
            rows.add(QstatRow.of(job.tasks().get(0)));
        } else if (expand) {
            job.tasks().forEach(t -> rows.add(QstatRow.of(t)));
        } else {
            rows.add(QstatRow.parent(job));
        }
    }

    private String table(List<QstatRow> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-25s %-16s %-15s %8s %s %-5s%n", "Job ID", "Name", "User", "Time Use", "S", "Queue"));
        sb.append(String.format("%-25s %-16s %-15s %8s %s %-5s%n", "-".repeat(25), "-".repeat(16), "-".repeat(15),
                "-".repeat(8), "-", "-----"));
        for (QstatRow r : rows) {
            String state = r.stateLetter(dialect);
            String time = !r.parent() && r.task().wasStarted() ? "00:00:00" : "0";
            sb.append(String.format("%-25s %-16s %-15s %8s %s %-5s%n", Qstat.cut(r.id(dialect), 25),
                    Qstat.cut(r.job().info(PbsJobInfo.class).name, 16), Qstat.cut(config.user(), 15), time, state,
                    config.pbsQueue()));
        }
        return sb.toString();
    }

    /** Torque's job attributes, in the order of its qstat -f / -x output. */
    private Map<String, Object> attributes(QstatRow r, Instant now, boolean epoch) {
        SimJob job = r.job();
        PbsJobInfo info = job.info(PbsJobInfo.class);
        SimTask t = r.task();
        PbsValues values = dialect.values();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("Job_Id", r.id(dialect));
        a.put("Job_Name", info.name);
        a.put("Job_Owner", config.user() + "@" + dialect.server());
        if (t != null && t.wasStarted()) {
            Map<String, Object> used = new LinkedHashMap<>();
            Instant until = t.state() == TaskState.RUNNING ? now : t.endTime();
            used.put("cput", "00:00:00");
            used.put("mem", Math.max(0, t.maxRssKb()) + "kb");
            used.put("vmem", Math.max(0, t.maxRssKb()) + "kb");
            used.put("walltime", PbsValues.hms(Duration.between(t.startTime(), until)));
            a.put("resources_used", used);
        }
        a.put("job_state", r.stateLetter(dialect));
        a.put("queue", info.queue);
        a.put("server", dialect.server());
        a.put("Checkpoint", "u");
        a.put("ctime", time(job.submitTime(), epoch));
        a.put("Error_Path", dialect.server() + ":" + (t == null ? dialect.outputPaths().arrayTemplate(job, 'e') : dialect.outputPaths().file(t, 'e')));
        if (t != null && t.wasStarted()) {
            a.put("exec_host", t.nodes().get(0) + "/0" + (info.ncpus > 1 ? "-" + (info.ncpus - 1) : ""));
        }
        a.put("Hold_Types", job.isHeld() ? "u" : "n");
        a.put("Join_Path", info.join);
        a.put("Keep_Files", "n");
        a.put("Mail_Points", "a");
        a.put("mtime", time(t != null && t.endTime() != null ? t.endTime() : job.submitTime(), epoch));
        a.put("Output_Path", dialect.server() + ":" + (t == null ? dialect.outputPaths().arrayTemplate(job, 'o') : dialect.outputPaths().file(t, 'o')));
        a.put("Priority", 0);
        a.put("qtime", time(job.submitTime(), epoch));
        a.put("Rerunable", "True");
        Map<String, Object> res = new LinkedHashMap<>();
        if (info.memText != null) {
            res.put("mem", info.memText);
        }
        res.put("nodect", job.request().nodes());
        res.put("nodes", info.nodesSpec);
        if (info.walltime != null) {
            res.put("walltime", PbsValues.hms(info.walltime));
        }
        a.put("Resource_List", res);
        if (t != null && t.wasStarted()) {
            a.put("session_id", t.pid());
        }
        a.put("Variable_List", values.variableList(info));
        a.put("euser", config.user());
        a.put("egroup", config.user());
        a.put("queue_type", "E");
        a.put("etime", time(job.submitTime(), epoch));
        if (t != null && t.state().isFinished() && t.wasStarted()) {
            a.put("exit_status", dialect.exitStatus(t));
        }
        a.put("submit_args", info.submitArguments);
        if (t != null && t.wasStarted()) {
            a.put("start_time", time(t.startTime(), epoch));
            if (t.state() == TaskState.RUNNING && info.walltime != null) {
                long left = info.walltime.minus(Duration.between(t.startTime(), now)).getSeconds();
                a.put("Walltime", new LinkedHashMap<>(Map.of("Remaining", Math.max(0, left))));
            }
            a.put("start_count", 1);
        }
        a.put("fault_tolerant", "False");
        if (t != null && t.state().isFinished() && t.endTime() != null) {
            a.put("comp_time", time(t.endTime(), epoch));
        }
        if (job.isArray()) {
            if (t != null) {
                a.put("job_array_id", t.index());
            } else {
                a.put("job_array_request", info.rangeText);
            }
        }
        a.put("job_radix", 0);
        a.put("submit_host", dialect.server());
        a.put("init_work_dir", info.submitDir.toString());
        return a;
    }

    private Object time(Instant i, boolean epoch) {
        return epoch ? Long.valueOf(i.getEpochSecond()) : dialect.values().ctime(i);
    }

    @SuppressWarnings("unchecked")
    private static void xml(StringBuilder sb, Map<String, Object> attrs) {
        for (Map.Entry<String, Object> e : attrs.entrySet()) {
            sb.append('<').append(e.getKey()).append('>');
            if (e.getValue() instanceof Map<?, ?> m) {
                if (e.getKey().equals("Variable_List")) {
                    sb.append(escape(PbsText.variableList(m)));
                } else {
                    xml(sb, (Map<String, Object>) m);
                }
            } else {
                sb.append(escape(String.valueOf(e.getValue())));
            }
            sb.append("</").append(e.getKey()).append('>');
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
