package dev.scatter.sim.slurm;

import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.JobRuntime;
import dev.scatter.sim.queue.LaunchPlan;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How slurmd starts a batch step: ids, environment, output files, and its kill notices. */
final class SlurmRuntime implements JobRuntime {

    private final SimCluster cluster;
    private final SimConfig config;

    SlurmRuntime(SimCluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
    }

    @Override
    public LaunchPlan plan(SimTask task, List<String> nodes) throws IOException {
        SimJob job = task.job();
        SlurmJobInfo info = job.info(SlurmJobInfo.class);
        task.assignOwnId(ownIdFor(task));
        Path spool = config.spoolDir().resolve("slurm").resolve("job" + String.format("%05d", task.ownId()));
        Files.createDirectories(spool);
        Path script = spool.resolve("slurm_script");
        Files.writeString(script, info.script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        List<String> argv = new ArrayList<>();
        // SLURM_TASK_PID is the pid of the batch script itself: exec keeps it
        argv.add("/bin/bash");
        argv.add("-c");
        argv.add("export SLURM_TASK_PID=$$; exec \"$0\" \"$@\"");
        argv.addAll(interpreter(info.script));
        argv.add(script.toString());
        argv.addAll(info.scriptArgs);
        Path out = outputPath(task, info.outputPattern);
        Path err = info.errorPattern != null ? outputPath(task, info.errorPattern) : out;
        return new LaunchPlan(argv, info.workDir, environment(task, nodes), out, err, info.appendOutput);
    }

    /**
     * Each task that starts gets a job id of its own, except the last one to start, which keeps
     * the array's id (trap 9, env_array_task_ids).
     */
    private long ownIdFor(SimTask task) {
        SimJob job = task.job();
        if (!job.isArray()) {
            return job.id();
        }
        boolean othersPending = job.tasks().stream()
                .anyMatch(t -> t != task && t.state() == TaskState.PENDING && !t.isRemoved());
        return othersPending ? cluster.nextJobId() : job.id();
    }

    /** The shebang's interpreter and its one optional argument, as the kernel splits it. */
    static List<String> interpreter(String script) {
        String first = script.lines().findFirst().orElse("#!/bin/sh").substring(2).trim();
        int space = first.indexOf(' ');
        if (space < 0) {
            return List.of(first);
        }
        return List.of(first.substring(0, space), first.substring(space + 1).trim());
    }

    /** The environment of the batch step: what sbatch exported, plus what slurmd adds (env_array_task). */
    private Map<String, String> environment(SimTask task, List<String> nodes) {
        SimJob job = task.job();
        SlurmJobInfo info = job.info(SlurmJobInfo.class);
        String node = nodes.get(0);
        int cpus = job.request().cpus();
        Map<String, String> env = new TreeMap<>(info.environment);
        env.put("ENVIRONMENT", "BATCH");
        env.put("HOSTNAME", node);
        env.put("SLURMD_NODENAME", node);
        if (job.isArray()) {
            List<Integer> idx = info.indices;
            env.put("SLURM_ARRAY_JOB_ID", Long.toString(job.id()));
            env.put("SLURM_ARRAY_TASK_COUNT", Integer.toString(idx.size()));
            env.put("SLURM_ARRAY_TASK_ID", Integer.toString(task.index()));
            env.put("SLURM_ARRAY_TASK_MAX", Integer.toString(idx.get(idx.size() - 1)));
            env.put("SLURM_ARRAY_TASK_MIN", Integer.toString(idx.get(0)));
            env.put("SLURM_ARRAY_TASK_STEP", Integer.toString(info.arrayStep));
        }
        env.put("SLURM_CLUSTER_NAME", config.clusterName());
        env.put("SLURM_CONF", "/etc/slurm/slurm.conf");
        env.put("SLURM_CPUS_ON_NODE", Integer.toString(cpus));
        if (info.cpusPerTask != null) {
            env.put("SLURM_CPUS_PER_TASK", Integer.toString(info.cpusPerTask));
        }
        env.put("SLURM_GTIDS", "0");
        env.put("SLURM_JOBID", Long.toString(task.ownId()));
        env.put("SLURM_JOB_ACCOUNT", info.account);
        env.put("SLURM_JOB_CPUS_PER_NODE", Integer.toString(cpus));
        env.put("SLURM_JOB_GID", Integer.toString(config.uid()));
        env.put("SLURM_JOB_ID", Long.toString(task.ownId()));
        env.put("SLURM_JOB_NAME", info.name);
        env.put("SLURM_JOB_NODELIST", String.join(",", nodes));
        env.put("SLURM_JOB_NUM_NODES", Integer.toString(nodes.size()));
        env.put("SLURM_JOB_PARTITION", info.partition);
        env.put("SLURM_JOB_QOS", info.qos);
        env.put("SLURM_JOB_UID", Integer.toString(config.uid()));
        env.put("SLURM_JOB_USER", job.user());
        env.put("SLURM_LOCALID", "0");
        if (info.memPerNodeMb != null) {
            env.put("SLURM_MEM_PER_NODE", Long.toString(info.memPerNodeMb));
        } else {
            env.put("SLURM_MEM_PER_CPU", Long.toString(info.memPerCpuMb));
        }
        env.put("SLURM_NNODES", Integer.toString(nodes.size()));
        env.put("SLURM_NODEID", "0");
        env.put("SLURM_NODELIST", String.join(",", nodes));
        env.put("SLURM_NODE_ALIASES", "(null)");
        if (info.ntasks > 1) {
            env.put("SLURM_NTASKS", Integer.toString(info.ntasks));
            env.put("SLURM_NPROCS", Integer.toString(info.ntasks));
        }
        env.put("SLURM_PRIO_PROCESS", "0");
        env.put("SLURM_PROCID", "0");
        env.put("SLURM_SUBMIT_DIR", info.submitDir.toString());
        env.put("SLURM_SUBMIT_HOST", config.controlHost());
        env.put("SLURM_TASKS_PER_NODE", Integer.toString(info.ntasks));
        env.put("SLURM_TOPOLOGY_ADDR", node);
        env.put("SLURM_TOPOLOGY_ADDR_PATTERN", "node");
        env.put("SLURM_WORKING_CLUSTER", config.clusterName() + ":" + config.controlHost() + ":6817:9728:109");
        env.putIfAbsent("TMPDIR", "/tmp");
        return env;
    }

    /** Expands an --output/--error pattern for one task; relative paths are under the work dir. */
    Path outputPath(SimTask task, String pattern) {
        SimJob job = task.job();
        String def = job.isArray() ? "slurm-%A_%a.out" : "slurm-%j.out";
        String name = expand(pattern != null ? pattern : def, job, task.index(), task.ownId(), task.nodes());
        return job.info(SlurmJobInfo.class).workDir.resolve(name);
    }

    /** The pattern language of sbatch --output: %A %a %j %x %u %N %n %s %t %%, optional zero-pad width. */
    static String expand(String pattern, SimJob job, int index, long ownId, List<String> nodes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                sb.append(c);
                continue;
            }
            int j = i + 1;
            while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
                j++;
            }
            if (j >= pattern.length()) {
                sb.append(pattern, i, j);
                break;
            }
            int width = j > i + 1 ? Integer.parseInt(pattern.substring(i + 1, j)) : 0;
            char f = pattern.charAt(j);
            String value = switch (f) {
                case 'A' -> Long.toString(job.isArray() ? job.id() : ownId);
                // a job that is not an array (or not yet a task) prints NO_VAL-1 (scontrol_show_job_array_all)
                case 'a' -> job.isArray() && index >= 0 ? Integer.toString(index) : "4294967294";
                case 'j' -> Long.toString(ownId);
                case 'x' -> job.info(SlurmJobInfo.class).name;
                case 'u' -> job.user();
                case 'N' -> nodes.isEmpty() ? "" : nodes.get(0);
                case 'n', 't' -> "0";
                case 's' -> "batch";
                case '%' -> "%";
                default -> null;
            };
            if (value == null) {
                sb.append(pattern, i, j + 1);
            } else {
                if (f != '%' && value.length() < width) {
                    value = "0".repeat(width - value.length()) + value;
                }
                sb.append(value);
            }
            i = j;
        }
        return sb.toString();
    }

    /** slurmstepd's notices, appended to the task's stderr file (task_output_timeout, task_output_memkill). */
    @Override
    public void finished(SimTask task) {
        if (task.endCause() == null) {
            return;
        }
        SlurmJobInfo info = task.job().info(SlurmJobInfo.class);
        String node = task.nodes().isEmpty() ? "c1" : task.nodes().get(0);
        String who = "slurmstepd-" + node + ": error: ";
        String at = SlurmTime.stamp(task.endTime(), config.zone());
        long id = task.ownId();
        String text = switch (task.endCause()) {
            case TIME_LIMIT -> who + "*** JOB " + id + " ON " + node + " CANCELLED AT " + at + " DUE TO TIME LIMIT ***\n";
            case CANCELLED -> who + "*** JOB " + id + " ON " + node + " CANCELLED AT " + at + " ***\n";
            case MEMORY_LIMIT -> memoryNotice(task, who, node, at);
            default -> "";
        };
        if (text.isEmpty()) {
            return;
        }
        Path err = outputPath(task, info.errorPattern != null ? info.errorPattern : info.outputPattern);
        try {
            Files.writeString(err, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the job's output directory went away: nothing to write into
        }
    }

    private String memoryNotice(SimTask task, String who, String node, String at) {
        long id = task.ownId();
        if (config.slurmMemoryKill() == SimConfig.MemoryKillReport.CGROUP) {
            return "slurmstepd-" + node + ": error: Detected 1 oom_kill event in StepId=" + id
                    + ".batch. Some of the step tasks have been OOM Killed.\n";
        }
        long limit = task.job().request().memoryMb() * 1024 * 1024;
        long used = Math.max(task.lastRssKb() * 1024, limit + 1);
        String exceeded = who + "StepId=" + id + ".batch exceeded memory limit (" + used + " > " + limit + "), being killed\n"
                + who + "Exceeded job memory limit\n";
        // slurmstepd polls again before the step is gone: the pair appears twice (task_output_memkill)
        return exceeded + who + "*** JOB " + id + " ON " + node + " CANCELLED AT " + at + " ***\n" + exceeded;
    }

    /** Finished records leave squeue MinJobAge after they ended (trap 6). */
    @Override
    public boolean purgeable(SimTask task, Instant now) {
        return task.endTime() != null && !task.endTime().plus(config.minJobAge()).isAfter(now);
    }

    /**
     * Keeps sacct's copy of the pending remainder one pass stale, as slurmdbd does (trap 8:
     * sacct showed {@code 39_[6-9%1]} while squeue showed {@code 39_[7-9%1]}).
     */
    @Override
    public void afterStart(SimJob job, List<SimTask> started, List<Integer> pendingBefore) {
        SlurmJobInfo info = job.info(SlurmJobInfo.class);
        if (!info.startedBefore) {
            List<Integer> after = new ArrayList<>();
            for (SimTask t : job.tasks()) {
                if (t.state() == TaskState.PENDING) {
                    after.add(t.index());
                }
            }
            info.accountedRemainder = after;
            info.startedBefore = true;
        } else {
            info.accountedRemainder = List.copyOf(pendingBefore);
        }
    }
}
