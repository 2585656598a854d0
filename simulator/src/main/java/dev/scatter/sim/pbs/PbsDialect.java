package dev.scatter.sim.pbs;

import dev.scatter.sim.queue.Dependency;

import dev.scatter.sim.FaultPlan;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Dialect;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.queue.WaitReason;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * OpenPBS 23.06's qsub, qstat and qdel over the neutral queue. Everything Torque does
 * differently is a protected method {@link TorqueDialect} overrides.
 */
public class PbsDialect implements Dialect {

    static final String PBS_VERSION = "23.06.06";

    protected final SimCluster cluster;
    protected final SimConfig config;
    protected final FaultPlan faults;
    private final PbsRuntime runtime;
    private final PbsValues values;
    private final PbsAttributes attributes;
    private final PbsOutputPaths outputPaths;
    private final Qsub qsub;
    private final Qstat qstat;
    private final Qdel qdel;

    public PbsDialect(SimCluster cluster, FaultPlan faults) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.faults = faults;
        this.runtime = new PbsRuntime(this, cluster);
        this.values = new PbsValues(this);
        this.attributes = new PbsAttributes(this);
        this.outputPaths = new PbsOutputPaths(this);
        this.qsub = new Qsub(this);
        this.qstat = new Qstat(this);
        this.qdel = new Qdel(this);
    }

    SimConfig config() { return config; }
    SimCluster cluster() { return cluster; }
    PbsRuntime runtime() { return runtime; }
    PbsValues values() { return values; }
    PbsAttributes attributes() { return attributes; }
    PbsOutputPaths outputPaths() { return outputPaths; }

    @Override
    public Set<String> programs() {
        return Set.of("qsub", "qstat", "qdel");
    }

    @Override
    public Kind kind(String program) {
        return switch (program) {
            case "qsub" -> Kind.SUBMIT;
            case "qdel" -> Kind.CONTROL;
            default -> Kind.STATUS;
        };
    }

    @Override
    public Reply run(Invocation inv) {
        return switch (inv.program()) {
            case "qsub" -> qsub.run(inv);
            case "qstat" -> qstat(inv);
            case "qdel" -> qdel.run(inv);
            default -> throw new IllegalArgumentException("not a PBS command: " + inv.program());
        };
    }

    protected Reply qstat(Invocation inv) {
        return qstat.run(inv);
    }

    /** What the PBS clients print when pbs_server does not answer (not captured: approximate). */
    @Override
    public Reply transientFailure(String program, Random random) {
        return Reply.error(162, "Connection refused\n" + program + ": cannot connect to server " + server()
                + " (errno=15010)\n");
    }

    // ------------------------------------------------------------------ identity

    String server() {
        return config.pbsServer();
    }

    /** {@code pbs_version = 23.06.06} (qstat_version). */
    protected String versionLine() {
        return "pbs_version = " + PBS_VERSION;
    }

    protected String spoolName() {
        return "pbs";
    }

    /** The option that makes an array: {@code -J} here, {@code -t} for Torque. */
    protected char arrayOption() {
        return 'J';
    }

    /** qsub's options as a getopt string (OpenPBS 23.06 qsub.c). */
    protected String qsubOptstring() {
        return "a:A:c:C:e:fhIj:J:k:l:m:M:N:o:p:P:q:r:R:S:u:v:VW:Xz";
    }

    /** The usage text qsub prints after a bad option or value (qsub_err_J_single). */
    /** A {@code -W depend=TYPE:ids} type, or null when this PBS does not know it. */
    protected Dependency.Type dependencyType(String name) {
        return switch (name) {
            case "afterok" -> Dependency.Type.AFTER_OK;
            case "afterany" -> Dependency.Type.AFTER_ANY;
            case "afternotok" -> Dependency.Type.AFTER_NOT_OK;
            default -> null;
        };
    }

    protected String qsubUsage() {
        return "usage: qsub [-a date_time] [-A account_string] [-c interval]\n"
                + "\t[-C directive_prefix] [-e path] [-f ] [-h ] [-I [-X]] [-j oe|eo] [-J X-Y[:Z]]\n"
                + "\t[-k keep] [-l resource_list] [-m mail_options] [-M user_list]\n"
                + "\t[-N jobname] [-o path] [-p priority] [-P project] [-q queue] [-r y|n]\n"
                + "\t[-R o|e|oe] [-S path] [-u user_list] [-W otherattributes=value...]\n"
                + "\t[-v variable_list] [-V ] [-z] [script | -- command [arg1 ...]]\n"
                + "       qsub --version\n";
    }

    /**
     * {@code -J X-Y[:Z][%N]} with X &lt; Y: single indices, lists, reversed ranges and step 0 are
     * illegal (trap PBS 1), so a one-task "array" must be a plain job.
     */
    protected PbsArraySpec parseArray(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)-(\\d+)(?::(\\d+))?(?:%(\\d+))?").matcher(text);
        if (!m.matches()) {
            return null;
        }
        int lo = Integer.parseInt(m.group(1));
        int hi = Integer.parseInt(m.group(2));
        int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        int throttle = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        if (lo >= hi || step < 1 || (m.group(4) != null && throttle < 1)) {
            return null;
        }
        java.util.List<Integer> indices = new java.util.ArrayList<>();
        for (long i = lo; i <= hi; i += step) {
            indices.add((int) i);
        }
        String range = lo + "-" + hi + (step > 1 ? ":" + step : "");
        return new PbsArraySpec(indices, throttle, range);
    }

    /** Applies one {@code -l} value (OpenPBS resources). */
    protected PbsResources.Problem applyResources(String list, PbsJobInfo info, boolean[] explicitSelect) {
        return PbsResources.apply(list, info, explicitSelect);
    }

    /**
     * Fills in what the server derives: without {@code select} the job gets
     * {@code select=1:ncpus=N} and {@code place=pack}; with one, {@code place=free} (qstat_fjson_xt_all).
     */
    protected void completeResources(PbsJobInfo info, boolean explicitSelect) {
        if (!explicitSelect) {
            info.select = "1:ncpus=" + info.ncpus + (info.memText != null ? ":mem=" + info.memText : "");
        }
        if (info.place == null) {
            info.place = explicitSelect ? "free" : "pack";
        }
    }

    /** Chunks (nodes) the job asks for. */
    protected int chunks(PbsJobInfo info) {
        String first = info.select == null ? "1" : info.select.split(":")[0];
        return first.matches("[0-9]+") ? Integer.parseInt(first) : 1;
    }

    /** Options only one flavour has (Torque's -d); OpenPBS has none. */
    protected void applyExtraOptions(Map<String, java.util.List<String>> options, PbsJobInfo info) {
    }

    /** Where the job starts: the user's home (trap PBS 3). */
    protected Path workingDir(PbsJobInfo info) {
        return config.pbsHome();
    }

    /** qdel's and qstat's word for a job that already ended (qdel_array_again). */
    protected String finishedMessage(String program, String id) {
        return program + ": Job has finished " + id;
    }

    String jobId(SimJob job) {
        return job.id() + (job.isArray() ? "[]" : "") + "." + server();
    }

    String arrayId(SimJob job) {
        return job.id() + "[]." + server();
    }

    String taskId(SimTask t) {
        return t.index() < 0 ? jobId(t.job()) : t.job().id() + "[" + t.index() + "]." + server();
    }

    // ------------------------------------------------------------------ states

    // job states: OpenPBS Reference Guide, "Job States" (table 8-1)
    private static final Map<TaskState, String> FINISHED_LETTER = Map.of(
            TaskState.COMPLETED, "F", TaskState.FAILED, "F", TaskState.CANCELLED, "F",
            TaskState.TIMEOUT, "F", TaskState.OUT_OF_MEMORY, "F", TaskState.NODE_FAIL, "F");

    boolean keepsHistory() {
        return config.pbsHistory();
    }

    /**
     * History on: finished jobs stay (shown with -x). History off (PBS's default): a plain job
     * goes as soon as it ends, an array when its last subjob ends (trap PBS 5).
     */
    protected boolean purgeable(SimTask task, Instant now) {
        return !keepsHistory() && task.job().allFinished();
    }

    /** Q queued, H held, R running; X a finished subjob of a live array, F finished (trap PBS 9). */
    protected String stateLetter(SimTask t) {
        return switch (t.state()) {
            case PENDING -> t.job().isHeld() || t.reason() == WaitReason.DEPENDENCY ? "H" : "Q";
            case RUNNING -> "R";
            default -> t.job().isArray() && !t.job().allFinished() ? "X" : FINISHED_LETTER.get(t.state());
        };
    }

    /** The parent: Q until a subjob starts, B (begun) until all ended, then F. */
    protected String parentStateLetter(SimJob job) {
        if (job.allFinished()) {
            return "F";
        }
        if (job.anyStarted()) {
            return "B";
        }
        return job.isHeld() ? "H" : "Q";
    }

    /**
     * Exit_status (trap PBS 6): the script's own code; 128+N when the job shell died of signal N,
     * 256+N for an executable killed by N and for a qdel (271); -29 walltime, -27 memory.
     */
    protected int exitStatus(SimTask t) {
        return switch (t.state()) {
            case COMPLETED -> 0;
            case FAILED -> t.signal() == 0 ? t.exitCode()
                    : (t.job().info(PbsJobInfo.class).isExecutable() ? 256 : 128) + t.signal();
            case CANCELLED -> 256 + 15;
            case TIMEOUT -> -29;
            case OUT_OF_MEMORY -> -27;
            case NODE_FAIL -> -3;
            default -> 0;
        };
    }

    // ------------------------------------------------------------------ environment and files

    /** What PBS adds on top of the common variables: NCPUS, its own OMP_NUM_THREADS (trap PBS 4). */
    protected void addSchedulerVariables(Map<String, String> env, SimTask t, PbsJobInfo info) {
        String threads = Integer.toString(info.ompthreads != null ? info.ompthreads : info.ncpus);
        env.put("NCPUS", threads);
        env.put("OMP_NUM_THREADS", threads);
        env.put("PBS_JOBCOOKIE", runtime.cookie());
        env.put("PBS_JOBDIR", config.pbsHome().toString());
        if (t.index() >= 0) {
            env.put("PBS_ARRAY_ID", arrayId(t.job()));
            env.put("PBS_ARRAY_INDEX", Integer.toString(t.index()));
        }
    }

    /** Default output name: {@code <name>.o<seq>} or {@code <name>.o<seq>.<index>} (trap PBS 13). */
    protected String defaultOutputName(SimJob job, char kind, String index) {
        PbsJobInfo info = job.info(PbsJobInfo.class);
        return info.name + "." + kind + job.id() + (index == null ? "" : "." + index);
    }
}
