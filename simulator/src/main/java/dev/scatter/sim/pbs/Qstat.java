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
 * {@code qstat}: the table, {@code -f} (text, {@code -F json}, {@code -F dsv}), {@code -t}
 * subjobs, {@code -J} arrays only, {@code -x} history, {@code -B}/{@code -Q} server and queue.
 */
class Qstat {

    /** One line of output: a plain job, an array parent, or a subjob. */
    record Row(SimJob job, SimTask task, boolean parent) {
        String id(PbsDialect d) {
            return parent ? d.arrayId(job) : d.taskId(task);
        }
    }

    protected final PbsDialect dialect;
    protected final SimCluster cluster;
    protected final SimConfig config;
    private final Getopt options = Getopt.posix("aBfF:GHiJMnp1QrsStTu:wxW:", false, Getopt.longOpt("version", false));

    Qstat(PbsDialect dialect) {
        this.dialect = dialect;
        this.cluster = dialect.cluster();
        this.config = dialect.config();
    }

    Reply run(Invocation inv) {
        Getopt.Result args;
        try {
            args = options.parse(inv.args());
        } catch (Getopt.Failure f) {
            return Reply.error(2, "qstat: invalid option -- '" + f.detail() + "'\n" + USAGE);
        }
        if (args.has("version")) {
            return Reply.ok(dialect.versionLine() + "\n");
        }
        if (args.has("B")) {
            return cluster.read(() -> server(args));
        }
        if (args.has("Q")) {
            return cluster.read(this::queue);
        }
        return cluster.read(() -> jobs(args));
    }

    private Reply jobs(Getopt.Result args) {
        Instant now = cluster.clock().now();
        boolean history = args.has("x") || args.has("H");
        boolean json = args.has("f") && "json".equals(args.last("F"));
        boolean expand = args.has("t");
        boolean arraysOnly = args.has("J");
        List<String> ids = args.operands();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        if (history && !dialect.keepsHistory()) {
            // history off: -x prints nothing and says so, exit 0 (trap PBS 5)
            if (ids.isEmpty()) {
                err.append("qstat: PBS is not configured to maintain job history \n");
            }
            for (String id : ids) {
                PbsIds.Ref ref = PbsIds.parse(id);
                err.append("qstat: PBS is not configured to maintain job history ")
                        .append(ref == null ? id : ref.display(dialect.server())).append('\n');
            }
            String out = json ? PbsJson.document(now.getEpochSecond(), dialect.server(), Map.of()) : "";
            return new Reply(0, out, err.toString());
        }
        List<Row> rows = new ArrayList<>();
        if (ids.isEmpty()) {
            for (SimJob job : cluster.jobs()) {
                if (!visible(job, history)) {
                    continue;
                }
                if (!job.isArray()) {
                    if (!arraysOnly) {
                        rows.add(new Row(job, job.tasks().get(0), false));
                    }
                    continue;
                }
                if (!(arraysOnly && expand)) {
                    rows.add(new Row(job, null, true));
                }
                if (expand) {
                    for (SimTask t : job.tasks()) {
                        rows.add(new Row(job, t, false));
                    }
                }
            }
        }
        for (String text : ids) {
            PbsIds.Ref ref = PbsIds.parse(text);
            if (ref == null) {
                err.append("qstat: illegally formed job identifier: ").append(text).append('\n');
                exit = 1;
                continue;
            }
            String display = ref.display(dialect.server());
            SimJob job = cluster.job(ref.id()).filter(j -> j.isArray() == ref.array())
                    .filter(j -> j.tasks().stream().anyMatch(SimTask::isListed)).orElse(null);
            if (job == null) {
                err.append("qstat: Unknown Job Id ").append(display).append('\n');
                exit = 153;
                continue;
            }
            if (job.allFinished() && !history) {
                err.append("qstat: ").append(display)
                        .append(" Job has finished, use -x or -H to obtain historical job information\n");
                exit = 35;
                continue;
            }
            if (!job.isArray()) {
                rows.add(new Row(job, job.tasks().get(0), false));
            } else if (ref.indices() == null) {
                rows.add(new Row(job, null, true));
                if (expand) {
                    job.tasks().forEach(t -> rows.add(new Row(job, t, false)));
                }
            } else {
                for (int i : ref.indices()) {
                    SimTask t = job.task(i);
                    if (t == null) {
                        err.append("qstat: Unknown Job Id ").append(display).append('\n');
                        exit = 153;
                    } else {
                        rows.add(new Row(job, t, false));
                    }
                }
            }
        }
        String out;
        if (args.has("f")) {
            out = full(rows, now, args.last("F"));
        } else if (args.has("a") || args.has("s") || args.has("n") || args.has("u")) {
            out = alternate(rows, now, args.has("s"));
        } else {
            out = table(rows, args.has("w"));
        }
        return new Reply(exit, out, err.toString());
    }

    /** Without -x only what is not finished; with history on, -x adds the finished (trap PBS 9). */
    private static boolean visible(SimJob job, boolean history) {
        if (job.tasks().stream().noneMatch(SimTask::isListed)) {
            return false;
        }
        return history || !job.allFinished();
    }

    protected Map<String, Object> attributes(Row r, Instant now) {
        PbsAttributes a = dialect.attributes();
        if (r.parent()) {
            return a.parent(r.job(), now);
        }
        return r.job().isArray() ? a.subjob(r.task(), now) : a.plain(r.task(), now);
    }

    private String full(List<Row> rows, Instant now, String format) {
        if ("json".equals(format)) {
            Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
            for (Row r : rows) {
                jobs.put(r.id(dialect), attributes(r, now));
            }
            return PbsJson.document(now.getEpochSecond(), dialect.server(), jobs);
        }
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append("dsv".equals(format) ? PbsText.dsv(r.id(dialect), attributes(r, now))
                    : PbsText.job(r.id(dialect), attributes(r, now)));
        }
        return sb.toString();
    }

    /** The default table (qstat_t_running_array) and its wide form -w (qstat_tw_running_array). */
    protected String table(List<Row> rows, boolean wide) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (wide) {
            sb.append("Job id                         Name            User             Time Use S Queue\n");
            sb.append("-----------------------------  --------------- ---------------  -------- - ---------------\n");
        } else {
            sb.append("Job id            Name             User              Time Use S Queue\n");
            sb.append("----------------  ---------------- ----------------  -------- - -----\n");
        }
        for (Row r : rows) {
            String state = r.parent() ? dialect.parentStateLetter(r.job()) : dialect.stateLetter(r.task());
            String time = r.parent() ? "0" : dialect.timeUse(r.task());
            String name = r.job().info(PbsJobInfo.class).name;
            if (wide) {
                sb.append(String.format("%-30s %-15s %-15s  %8s %s %-15s%n", r.id(dialect), name, config.user(),
                        time, state, config.pbsQueue()));
            } else {
                sb.append(String.format("%-17s %-16s %-16s  %8s %s %-16s%n", cut(r.id(dialect), 17), cut(name, 16),
                        cut(config.user(), 16), time, state, config.pbsQueue()));
            }
        }
        return sb.toString();
    }

    /** -a / -s: the alternate layout; -s adds each job's comment (qstat_s_never_run). */
    private String alternate(List<Row> rows, Instant now, boolean comments) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n").append(dialect.server()).append(": \n");
        sb.append("                                                            Req'd  Req'd   Elap\n");
        sb.append("Job ID          Username Queue    Jobname    SessID NDS TSK Memory Time  S Time\n");
        sb.append("--------------- -------- -------- ---------- ------ --- --- ------ ----- - -----\n");
        for (Row r : rows) {
            PbsJobInfo info = r.job().info(PbsJobInfo.class);
            boolean running = !r.parent() && r.task().state() == TaskState.RUNNING;
            String state = r.parent() ? dialect.parentStateLetter(r.job()) : dialect.stateLetter(r.task());
            String sess = running ? Long.toString(r.task().pid()) : "-- ";
            String mem = info.memText != null ? info.memText : "-- ";
            String req = info.walltime != null ? PbsAttributes.hms(info.walltime).substring(0, 5) : "-- ";
            String elap = running ? PbsAttributes.hms(Duration.between(r.task().startTime(), now)).substring(0, 5) : "-- ";
            sb.append(String.format("%-15s %-8s %-8s %-10s %6s %3d %3d %6s %5s %s %5s%n", cut(r.id(dialect), 15),
                    cut(config.user(), 8), config.pbsQueue(), cut(info.name, 10), sess, r.job().request().nodes(),
                    info.ncpus, mem, req, state, elap));
            if (comments) {
                Object comment = attributes(r, now).get("comment");
                if (comment != null) {
                    sb.append("   ").append(comment).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** PBS marks a cut field with a trailing {@code *}. */
    static String cut(String s, int width) {
        return s.length() > width ? s.substring(0, width - 1) + "*" : s;
    }

    // ------------------------------------------------------------------ server and queue

    private Reply server(Getopt.Result args) {
        int total = 0;
        int queued = 0;
        int running = 0;
        int held = 0;
        int begun = 0;
        for (SimJob job : cluster.jobs()) {
            if (job.allFinished()) {
                continue;
            }
            total++;
            String s = job.isArray() ? dialect.parentStateLetter(job) : dialect.stateLetter(job.tasks().get(0));
            switch (s) {
                case "Q" -> queued++;
                case "R" -> running++;
                case "H" -> held++;
                case "B" -> begun++;
                default -> { }
            }
        }
        String stateCount = "Transit:0 Queued:" + queued + " Held:" + held + " Waiting:0 Running:" + running
                + " Exiting:0 Begun:" + begun + " ";
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("server_state", "Active");
        attrs.put("server_host", dialect.server());
        attrs.put("scheduling", "True");
        attrs.put("total_jobs", total);
        attrs.put("state_count", stateCount);
        attrs.put("default_queue", config.pbsQueue());
        attrs.put("log_events", 511);
        attrs.put("mailer", "/bin/true");
        attrs.put("mail_from", "adm");
        attrs.put("query_other_jobs", "True");
        attrs.put("resources_default", new LinkedHashMap<>(Map.of("ncpus", 1)));
        attrs.put("default_chunk", new LinkedHashMap<>(Map.of("ncpus", 1)));
        attrs.put("scheduler_iteration", 10);
        attrs.put("resv_enable", "True");
        attrs.put("node_fail_requeue", 310);
        attrs.put("max_array_size", config.effectiveMaxArraySize());
        attrs.put("pbs_license_min", 0);
        attrs.put("pbs_license_max", 2147483647);
        attrs.put("pbs_license_linger_time", 31536000);
        attrs.put("license_count", "Avail_Global:1000000 Avail_Local:1000000 Used:0 High_Use:0");
        attrs.put("pbs_version", PbsDialect.PBS_VERSION);
        attrs.put("eligible_time_enable", "False");
        if (dialect.keepsHistory()) {
            // the key is absent when history is off (trap PBS 5, nohist_qstat_Bf_json)
            attrs.put("job_history_enable", "True");
        }
        attrs.put("max_concurrent_provision", 5);
        attrs.put("max_job_sequence_id", 9999999);
        if (args.has("f")) {
            if ("json".equals(args.last("F"))) {
                Map<String, Object> server = new LinkedHashMap<>();
                server.put(dialect.server(), attrs);
                return Reply.ok(PbsJson.documentWith(cluster.clock().now().getEpochSecond(), dialect.server(), "Server", server));
            }
            StringBuilder sb = new StringBuilder("Server: ").append(dialect.server()).append('\n');
            sb.append(PbsText.job("", attrs).substring("Job Id: \n".length()));
            return Reply.ok(sb.toString());
        }
        return Reply.ok("Server             Max   Tot   Que   Run   Hld   Wat   Trn   Ext Status\n"
                + "---------------- ----- ----- ----- ----- ----- ----- ----- ----- -----------\n"
                + String.format("%-16s %5d %5d %5d %5d %5d %5d %5d %5d %-10s%n", dialect.server(), 0, total, queued,
                running + begun, held, 0, 0, 0, "Active"));
    }

    private Reply queue() {
        int total = 0;
        int queued = 0;
        int running = 0;
        for (SimJob job : cluster.jobs()) {
            if (!job.allFinished()) {
                total++;
                if (job.anyStarted()) {
                    running++;
                } else {
                    queued++;
                }
            }
        }
        return Reply.ok("Queue              Max   Tot Ena Str   Que   Run   Hld   Wat   Trn   Ext Type\n"
                + "---------------- ----- ----- --- --- ----- ----- ----- ----- ----- ----- ----\n"
                + String.format("%-16s %5d %5d yes yes %5d %5d %5d %5d %5d %5d Exe*%n", config.pbsQueue(), 0, total,
                queued, running, 0, 0, 0, 0));
    }

    static final String USAGE = "usage: \n"
            + "qstat [-f] [-J] [-p] [-t] [-x] [-E] [-F format] [-D delim] [-w] [ job_identifier... | destination... ]\n"
            + "qstat [-a|-i|-r|-H|-T] [-J] [-t] [-u user] [-n] [-s] [-G|-M] [-1] [-w] [ job_identifier... | destination... ]\n"
            + "qstat -Q [-f] [-F format] [-D delim] [ destination... ]\n"
            + "qstat -q [-G|-M] [ destination... ]\n"
            + "qstat -B [-f] [-F format] [-D delim] [ server_name... ]\n"
            + "qstat --version\n";
}
