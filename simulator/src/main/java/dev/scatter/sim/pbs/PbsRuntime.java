package dev.scatter.sim.pbs;

import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.EndCause;
import dev.scatter.sim.queue.JobRuntime;
import dev.scatter.sim.queue.LaunchPlan;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimNode;
import dev.scatter.sim.queue.SimTask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How a PBS MoM runs a job: in {@code $HOME} (trap PBS 3), with PBS's own environment, output
 * spooled and copied to its destination only when the job ends (trap PBS 13).
 */
class PbsRuntime implements JobRuntime {

    private final PbsDialect dialect;
    private final SimCluster cluster;
    private final SimConfig config;
    private final Random cookies;

    PbsRuntime(PbsDialect dialect, SimCluster cluster) {
        this.dialect = dialect;
        this.cluster = cluster;
        this.config = cluster.config();
        this.cookies = new Random(config.seed());
    }

    @Override
    public LaunchPlan plan(SimTask task, List<String> nodes) throws IOException {
        SimJob job = task.job();
        PbsJobInfo info = job.info(PbsJobInfo.class);
        String jobId = dialect.taskId(task);
        info.slots.put(task.index(), slot(task));
        Path spool = spoolDir(task);
        Files.createDirectories(spool);
        List<String> argv = new ArrayList<>();
        if (info.isExecutable()) {
            argv.addAll(info.executable);
        } else {
            Path script = spool.resolve("job.SC");
            Files.writeString(script, info.script, StandardCharsets.UTF_8);
            // PBS hands the script to the user's shell, not to its #! line
            argv.add(info.shell != null ? info.shell : info.submitEnv.getOrDefault("SHELL", "/bin/bash"));
            argv.add(script.toString());
        }
        Path nodeFile = spool.resolve("aux");
        Files.writeString(nodeFile, String.join("\n", nodes) + "\n");
        Path tmp = spool.resolve("tmp");
        Files.createDirectories(tmp);
        Map<String, String> env = environment(task, jobId, nodes, nodeFile, tmp);
        Path workDir = dialect.workingDir(info);
        Files.createDirectories(workDir);
        Path out = spool.resolve("job.OU");
        Path err = info.join.equals("n") ? spool.resolve("job.ER") : out;
        return new LaunchPlan(argv, workDir, env, out, err, false);
    }

    /** Where a task's script and spooled output live while it runs. */
    Path spoolDir(SimTask task) {
        return config.spoolDir().resolve(dialect.spoolName()).resolve(dialect.taskId(task));
    }

    /** The environment of the job: PBS's own variables, -v, and -V (env_plain_job, env_subjob). */
    Map<String, String> environment(SimTask task, String jobId, List<String> nodes, Path nodeFile, Path tmp) {
        SimJob job = task.job();
        PbsJobInfo info = job.info(PbsJobInfo.class);
        Map<String, String> submit = info.submitEnv;
        Map<String, String> env = new TreeMap<>();
        if (info.exportAll) {
            env.putAll(submit);
        }
        env.putAll(info.variables);
        env.put("HOME", config.pbsHome().toString());
        env.put("LOGNAME", job.user());
        env.put("USER", job.user());
        env.put("SHELL", submit.getOrDefault("SHELL", "/bin/bash"));
        // a real MoM uses its own default PATH; the submitter's is the useful one on a laptop
        env.put("PATH", submit.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("ENVIRONMENT", "BATCH");
        env.put("PBS_ENVIRONMENT", "PBS_BATCH");
        env.put("PBS_JOBID", jobId);
        env.put("PBS_JOBNAME", info.name);
        env.put("PBS_NODEFILE", nodeFile.toString());
        env.put("PBS_NODENUM", "0");
        env.put("PBS_TASKNUM", "1");
        env.put("PBS_MOMPORT", "15003");
        env.put("PBS_QUEUE", info.queue);
        env.put("PBS_O_QUEUE", info.queue);
        env.put("PBS_O_HOST", dialect.server());
        env.put("PBS_O_WORKDIR", info.submitDir.toString());
        env.put("PBS_O_SYSTEM", "Linux");
        for (String name : List.of("HOME", "LANG", "LOGNAME", "PATH", "SHELL", "MAIL")) {
            if (submit.containsKey(name)) {
                env.put("PBS_O_" + name, submit.get(name));
            }
        }
        env.put("TMPDIR", tmp.toString());
        dialect.addSchedulerVariables(env, task, info);
        return env;
    }

    /** PBS_JOBCOOKIE: 32 hex digits. */
    String cookie() {
        byte[] b = new byte[16];
        synchronized (cookies) {
            cookies.nextBytes(b);
        }
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    /** The first CPU slot a starting task got on its node: what was allocated before it. */
    private int slot(SimTask task) {
        if (task.nodes().isEmpty()) {
            return 0;
        }
        for (SimNode n : cluster.nodes()) {
            if (n.name().equals(task.nodes().get(0))) {
                return Math.max(0, n.allocatedCpus() - task.job().request().cpus());
            }
        }
        return 0;
    }

    /** Kill notices into the spooled stderr, then stage-out to the destinations (trap PBS 13). */
    @Override
    public void finished(SimTask task) {
        SimJob job = task.job();
        PbsJobInfo info = job.info(PbsJobInfo.class);
        Path spool = spoolDir(task);
        Path out = spool.resolve("job.OU");
        Path err = info.join.equals("n") ? spool.resolve("job.ER") : out;
        String notice = notice(task);
        try {
            if (!notice.isEmpty()) {
                Files.writeString(err, notice, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            stageOut(out, dialect.outputPaths().file(task, info.join.equals("eo") ? 'e' : 'o'));
            if (info.join.equals("n")) {
                stageOut(err, dialect.outputPaths().file(task, 'e'));
            }
        } catch (IOException e) {
            // PBS would mail the user and keep the file in undelivered/; we leave it in the spool
        }
    }

    private String notice(SimTask task) {
        EndCause cause = task.endCause();
        if (cause == null) {
            return "";
        }
        Duration limit = task.job().request().timeLimit();
        // MoM notices at its next poll: what it reports is always past the limit (cat_walltime_stderr)
        long used = Math.max(limit == null ? 0 : limit.getSeconds() + 1,
                Duration.between(task.startTime(), task.endTime()).getSeconds());
        return switch (cause) {
            case TIME_LIMIT -> "=>> PBS: job killed: walltime " + used + " exceeded limit " + limit.getSeconds() + "\n";
            case MEMORY_LIMIT -> "=>> PBS: job killed: mem " + task.lastRssKb() + "kb exceeded limit "
                    + task.job().request().memoryMb() * 1024 + "kb\n";
            // the job shell reports its child's SIGTERM (cat_states_outputs: states.e10.3)
            case CANCELLED -> task.job().info(PbsJobInfo.class).isExecutable() ? "" : "Terminated\n";
            default -> "";
        };
    }

    private static void stageOut(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            Files.createFile(from);
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean purgeable(SimTask task, Instant now) {
        return dialect.purgeable(task, now);
    }
}
