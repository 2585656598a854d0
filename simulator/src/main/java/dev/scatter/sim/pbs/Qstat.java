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
final class Qstat {

    private final PbsDialect dialect;
    private final SimCluster cluster;
    private final SimConfig config;
    private final QstatServer summaries;
    private final Getopt options = Getopt.posix("aBfF:GHiJMnp1QrsStTu:wxW:", false, Getopt.longOpt("version", false));

    Qstat(PbsDialect dialect) {
        this.dialect = dialect;
        this.cluster = dialect.cluster();
        this.config = dialect.config();
        this.summaries = new QstatServer(dialect);
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
            return cluster.read(() -> summaries.server(args));
        }
        if (args.has("Q")) {
            return cluster.read(summaries::queue);
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
        List<QstatRow> rows = new ArrayList<>();
        if (ids.isEmpty()) {
            for (SimJob job : cluster.jobs()) {
                if (!visible(job, history)) {
                    continue;
                }
                if (!job.isArray()) {
                    if (!arraysOnly) {
                        rows.add(QstatRow.of(job.tasks().get(0)));
                    }
                    continue;
                }
                if (!(arraysOnly && expand)) {
                    rows.add(QstatRow.parent(job));
                }
                if (expand) {
                    for (SimTask t : job.tasks()) {
                        rows.add(QstatRow.of(t));
                    }
                }
            }
        }
        for (String text : ids) {
            PbsOperand operand = PbsOperand.find("qstat", text, dialect);
            if (operand.failed()) {
                err.append(operand.error()).append('\n');
                exit = operand.exit();
                continue;
            }
            PbsIds.Ref ref = operand.ref();
            String display = operand.display();
            SimJob job = operand.job();
            if (job.allFinished() && !history) {
                err.append("qstat: ").append(display)
                        .append(" Job has finished, use -x or -H to obtain historical job information\n");
                exit = 35;
                continue;
            }
            if (!job.isArray()) {
                rows.add(QstatRow.of(job.tasks().get(0)));
            } else if (ref.indices() == null) {
                rows.add(QstatRow.parent(job));
                if (expand) {
                    job.tasks().forEach(t -> rows.add(QstatRow.of(t)));
                }
            } else {
                for (int i : ref.indices()) {
                    SimTask t = job.task(i);
                    if (t == null) {
                        err.append("qstat: Unknown Job Id ").append(display).append('\n');
                        exit = 153;
                    } else {
                        rows.add(QstatRow.of(t));
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

    private Map<String, Object> attributes(QstatRow r, Instant now) {
        PbsAttributes a = dialect.attributes();
        if (r.parent()) {
            return a.parent(r.job(), now);
        }
        return r.job().isArray() ? a.subjob(r.task(), now) : a.plain(r.task(), now);
    }

    private String full(List<QstatRow> rows, Instant now, String format) {
        if ("json".equals(format)) {
            Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
            for (QstatRow r : rows) {
                jobs.put(r.id(dialect), attributes(r, now));
            }
            return PbsJson.document(now.getEpochSecond(), dialect.server(), jobs);
        }
        StringBuilder sb = new StringBuilder();
        for (QstatRow r : rows) {
            sb.append("dsv".equals(format) ? PbsText.dsv(r.id(dialect), attributes(r, now))
                    : PbsText.job(r.id(dialect), attributes(r, now)));
        }
        return sb.toString();
    }

    /** The default table (qstat_t_running_array) and its wide form -w (qstat_tw_running_array). */
    private String table(List<QstatRow> rows, boolean wide) {
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
        for (QstatRow r : rows) {
            String state = r.stateLetter(dialect);
            String time = r.parent() ? "0" : timeUse(r.task());
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
    private String alternate(List<QstatRow> rows, Instant now, boolean comments) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n").append(dialect.server()).append(": \n");
        sb.append("                                                            Req'd  Req'd   Elap\n");
        sb.append("Job ID          Username Queue    Jobname    SessID NDS TSK Memory Time  S Time\n");
        sb.append("--------------- -------- -------- ---------- ------ --- --- ------ ----- - -----\n");
        for (QstatRow r : rows) {
            PbsJobInfo info = r.job().info(PbsJobInfo.class);
            boolean running = !r.parent() && r.task().state() == TaskState.RUNNING;
            String state = r.stateLetter(dialect);
            String sess = running ? Long.toString(r.task().pid()) : "-- ";
            String mem = info.memText != null ? info.memText : "-- ";
            String req = info.walltime != null ? PbsValues.hms(info.walltime).substring(0, 5) : "-- ";
            String elap = running ? PbsValues.hms(Duration.between(r.task().startTime(), now)).substring(0, 5) : "-- ";
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

    /** qstat's Time Use: 0 for a job that never ran (or a parent), 00:00:00 once it has. */
    private String timeUse(SimTask t) {
        return t.wasStarted() && !t.job().info(PbsJobInfo.class).rewritten.contains(t.index())
                && (dialect.keepsHistory() || !t.job().isArray() || !t.state().isFinished()) ? "00:00:00" : "0";
    }

    /** PBS marks a cut field with a trailing {@code *}. */
    static String cut(String s, int width) {
        return s.length() > width ? s.substring(0, width - 1) + "*" : s;
    }

    static final String USAGE = "usage: \n"
            + "qstat [-f] [-J] [-p] [-t] [-x] [-E] [-F format] [-D delim] [-w] [ job_identifier... | destination... ]\n"
            + "qstat [-a|-i|-r|-H|-T] [-J] [-t] [-u user] [-n] [-s] [-G|-M] [-1] [-w] [ job_identifier... | destination... ]\n"
            + "qstat -Q [-f] [-F format] [-D delim] [ destination... ]\n"
            + "qstat -q [-G|-M] [ destination... ]\n"
            + "qstat -B [-f] [-F format] [-D delim] [ server_name... ]\n"
            + "qstat --version\n";
}
