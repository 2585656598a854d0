package dev.scatter.sim.pbs;

import dev.scatter.core.model.IndexRanges;
import dev.scatter.sim.FaultPlan;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.queue.Dependency;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Torque 6 as a variant of the PBS dialect: {@code qsub -t}, {@code -l nodes=1:ppn=C},
 * {@code PBS_ARRAYID}, completed jobs in state C kept for keep_completed ({@link
 * dev.scatter.sim.SimConfig#minJobAge()}), {@code qstat -x} as XML, walltime exit status -11.
 * There are no captured Torque fixtures: this follows the Torque 6 documentation and Xenon's
 * Torque fixtures ({@code xenon-middleware/xenon}, fixtures/torque/jobs.xml).
 */
public final class TorqueDialect extends PbsDialect {

    static final String TORQUE_VERSION = "6.1.3";

    private final TorqueQstat torqueQstat;

    public TorqueDialect(SimCluster cluster, FaultPlan faults) {
        super(cluster, faults);
        this.torqueQstat = new TorqueQstat(this);
    }

    @Override
    protected Reply qstat(Invocation inv) {
        return torqueQstat.run(inv);
    }

    /**
     * Torque waits for a whole array with {@code afterokarray}/{@code afteranyarray}
     * (https://docs.adaptivecomputing.com/torque/6-1-3/adminGuide/help.htm#topics/torque/commands/qsub.htm).
     */
    @Override
    protected Dependency.Type dependencyType(String name) {
        return switch (name) {
            case "afterokarray" -> Dependency.Type.AFTER_OK;
            case "afteranyarray" -> Dependency.Type.AFTER_ANY;
            default -> super.dependencyType(name);
        };
    }

    @Override
    protected String versionLine() {
        return "Version: " + TORQUE_VERSION;
    }

    @Override
    protected String spoolName() {
        return "torque";
    }

    @Override
    protected char arrayOption() {
        return 't';
    }

    @Override
    protected String qsubOptstring() {
        return "a:A:b:c:C:d:D:e:fF:hIj:k:K:l:L:m:M:n:N:o:p:P:q:r:S:t:T:u:v:Vw:W:xXz";
    }

    @Override
    protected String qsubUsage() {
        return "usage: qsub [-a date_time] [-A account_string] [-b secs]\n"
                + "      [-c [ none | { enabled | periodic | shutdown |\n"
                + "      depth=<int> | dir=<path> | interval=<minutes>}... ]\n"
                + "      [-C directive_prefix] [-d path] [-D path]\n"
                + "      [-e path] [-h] [-I] [-j oe|eo|n] [-k {oe}] [-K interval] [-l resource_list]\n"
                + "      [-m n|{abe}] [-M user_list] [-N jobname] [-o path]\n"
                + "      [-p priority] [-P proxy_user [-q queue] [-r y|n] [-S path]\n"
                + "      [-t number_to_submit] [-T type]  [-u user_list] [-w] path\n"
                + "      [-W additional_attributes] [-v variable_list] [-V ] [-x] [-X] [-z] [script]\n";
    }

    /** {@code -t 0-9%2}, lists {@code 1,3,5-7} and single indices are all legal in Torque. */
    @Override
    protected PbsArraySpec parseArray(String text) {
        int pct = text.indexOf('%');
        int throttle = 0;
        String range = text;
        if (pct >= 0) {
            try {
                throttle = Integer.parseInt(text.substring(pct + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (throttle < 1) {
                return null;
            }
            range = text.substring(0, pct);
        }
        List<Integer> indices = IndexRanges.tryParse(range).orElse(null);
        return indices == null ? null : new PbsArraySpec(indices, throttle, IndexRanges.format(indices));
    }

    /** {@code nodes=N:ppn=C}, {@code procs}, {@code mem}, {@code pmem}, {@code vmem}, {@code walltime}. */
    @Override
    protected PbsResources.Problem applyResources(String list, PbsJobInfo info, boolean[] explicitSelect) {
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            String name = eq >= 0 ? item.substring(0, eq) : item;
            String value = eq >= 0 ? item.substring(eq + 1) : "";
            switch (name) {
                case "nodes" -> {
                    info.nodesSpec = value;
                    for (String part : value.split(":")) {
                        if (part.startsWith("ppn=")) {
                            info.ncpus = Integer.parseInt(part.substring(4));
                        }
                    }
                }
                case "procs", "ncpus" -> info.ncpus = Integer.parseInt(value);
                case "mem", "pmem", "vmem", "pvmem" -> {
                    Long kb = PbsResources.sizeKb(value);
                    if (kb == null) {
                        return new PbsResources.Problem("qsub: submit error (Illegal attribute or resource value "
                                + "MSG=illegal " + name + " value)", 1);
                    }
                    info.memText = value;
                    info.memKb = kb;
                }
                case "walltime" -> {
                    info.walltime = PbsResources.walltime(value);
                    if (info.walltime == null) {
                        return new PbsResources.Problem("qsub: submit error (Illegal attribute or resource value "
                                + "MSG=illegal walltime value)", 1);
                    }
                }
                case "cput", "file", "host", "arch", "naccelerators", "gpus" -> { }
                default -> {
                    return new PbsResources.Problem("qsub: submit error (Unknown resource type  MSG=Unknown resource "
                            + name + ")", 1);
                }
            }
        }
        return null;
    }

    @Override
    protected void completeResources(PbsJobInfo info, boolean explicitSelect) {
        if (info.nodesSpec == null) {
            info.nodesSpec = "1" + (info.ncpus > 1 ? ":ppn=" + info.ncpus : "");
        }
        info.select = info.nodesSpec;
        info.place = "pack";
    }

    @Override
    protected int chunks(PbsJobInfo info) {
        String first = info.nodesSpec.split(":")[0];
        return first.matches("[0-9]+") ? Integer.parseInt(first) : 1;
    }

    @Override
    protected void applyExtraOptions(Map<String, List<String>> options, PbsJobInfo info) {
        List<String> d = options.get("d");
        if (d != null) {
            info.initDir = info.submitDir.resolve(d.get(d.size() - 1));
        }
    }

    /** Torque starts in $HOME too, unless -d says where. */
    @Override
    protected Path workingDir(PbsJobInfo info) {
        return info.initDir != null ? info.initDir : config.pbsHome();
    }

    /** Completed jobs stay as C for keep_completed seconds, then vanish. */
    @Override
    boolean keepsHistory() {
        return false;
    }

    @Override
    protected boolean purgeable(SimTask task, Instant now) {
        SimJob job = task.job();
        return job.allFinished() && !PbsValues.lastEnd(job).plus(config.minJobAge()).isAfter(now);
    }

    /** Torque's states: Q, H, R, and C for completed (kept for keep_completed). */
    @Override
    protected String stateLetter(SimTask t) {
        return switch (t.state()) {
            case PENDING -> t.job().isHeld() ? "H" : "Q";
            case RUNNING -> "R";
            default -> "C";
        };
    }

    /** An array's summary line: R while a subjob runs, Q while any waits, C when all completed. */
    @Override
    protected String parentStateLetter(SimJob job) {
        if (job.tasks().stream().anyMatch(t -> t.state() == dev.scatter.sim.queue.TaskState.RUNNING)) {
            return "R";
        }
        if (!job.allFinished()) {
            return job.isHeld() ? "H" : "Q";
        }
        return "C";
    }

    /** Torque's JOB_EXEC_OVERLIMIT codes: walltime -11, memory -10; 256+N for a signal. */
    @Override
    protected int exitStatus(SimTask t) {
        return switch (t.state()) {
            case TIMEOUT -> -11;
            case OUT_OF_MEMORY -> -10;
            case FAILED -> t.signal() == 0 ? t.exitCode() : 256 + t.signal();
            default -> super.exitStatus(t);
        };
    }

    @Override
    protected void addSchedulerVariables(Map<String, String> env, SimTask t, PbsJobInfo info) {
        env.remove("PBS_O_SYSTEM");
        env.put("PBS_SERVER", server());
        env.put("PBS_O_SERVER", server());
        env.put("PBS_VERSION", "TORQUE-" + TORQUE_VERSION);
        env.put("PBS_NUM_NODES", Integer.toString(t.job().request().nodes()));
        env.put("PBS_NUM_PPN", Integer.toString(info.ncpus));
        env.put("PBS_NP", Integer.toString(info.ncpus * t.job().request().nodes()));
        env.put("PBS_VNODENUM", "0");
        env.put("PBS_O_INITDIR", workingDir(info).toString());
        if (info.walltime != null) {
            env.put("PBS_WALLTIME", Long.toString(info.walltime.getSeconds()));
        }
        if (t.index() >= 0) {
            env.put("PBS_ARRAYID", Integer.toString(t.index()));
        }
    }

    /** Torque names array output {@code <name>.o<seq>-<index>}. */
    @Override
    protected String defaultOutputName(SimJob job, char kind, String index) {
        PbsJobInfo info = job.info(PbsJobInfo.class);
        return info.name + "." + kind + job.id() + (index == null ? "" : "-" + index);
    }

    @Override
    protected String finishedMessage(String program, String id) {
        return program + ": Request invalid for state of job MSG=invalid state for job - COMPLETE " + id;
    }

    @Override
    public Reply transientFailure(String program, java.util.Random random) {
        return Reply.error(1, "Cannot connect to specified server host '" + server() + "'.\n"
                + program + ": cannot connect to server " + server() + " (errno=111) Connection refused\n");
    }
}
