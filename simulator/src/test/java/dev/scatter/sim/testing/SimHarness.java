package dev.scatter.sim.testing;

import dev.scatter.core.io.ShellWords;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.Simulator;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A simulated cluster shaped like the fixture clusters (one node, 8 CPUs, 8000 MB / 8 GB; user
 * slurmxuser / pbsuser, uid 1000), a temporary home with a {@code fx} submit directory, and
 * named waits (Awaitility) for what tests wait on.
 */
public final class SimHarness implements AutoCloseable {

    private final Simulator sim;
    private final Path root;
    private final Path home;
    private final Path fx;

    private SimHarness(Path root, Path home, SimConfig config) {
        this.root = root;
        this.home = home;
        this.fx = home.resolve("fx");
        this.sim = Simulator.start(config);
    }

    public static SimHarness slurm(Consumer<SimConfig.Builder> tweak) {
        Path root = tempDir();
        SimConfig.Builder b = SimConfig.builder(Scheduler.SLURM).user("slurmxuser").uid(1000).coresPerNode(8)
                .memoryMbPerNode(8000).pbsHome(root.resolve("home")).spoolDir(root.resolve("spool"));
        tweak.accept(b);
        return new SimHarness(root, root.resolve("home"), b.build()).init();
    }

    public static SimHarness pbs(Scheduler flavour, Consumer<SimConfig.Builder> tweak) {
        Path root = tempDir();
        // a home as long as /home/pbsuser: qstat -f wraps long values at fixed columns (trap PBS 11)
        Path home = shortHome();
        SimConfig.Builder b = SimConfig.builder(flavour).user("pbsuser").uid(1000).coresPerNode(8)
                .memoryMbPerNode(8192).pbsHome(home).spoolDir(root.resolve("spool"));
        tweak.accept(b);
        return new SimHarness(root, home, b.build()).init();
    }

    private SimHarness init() {
        try {
            Files.createDirectories(fx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Simulator sim() { return sim; }
    public Path fx() { return fx; }
    public Path home() { return home; }

    /** The login-shell environment the fixtures were captured with (HOME LANG LOGNAME PATH SHELL USER). */
    public Map<String, String> loginEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("LOGNAME", sim.config().user());
        // the fixture clusters' login PATH (PBS adds its own bin directory)
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
                + (sim.config().scheduler() == Scheduler.SLURM ? "" : ":/opt/pbs/bin"));
        env.put("SHELL", "/bin/bash");
        env.put("USER", sim.config().user());
        return env;
    }

    /** Runs argv in the submit directory with empty stdin, as a user would type it. */
    public Reply run(List<String> argv) {
        return sim.run(new Invocation(argv, fx, loginEnv(), ""));
    }

    public Reply run(String... argv) {
        return run(List.of(argv));
    }

    /** Runs a command line, split like a shell (quotes, no expansions). */
    public Reply sh(String commandLine) {
        return run(ShellWords.split(commandLine));
    }

    public Path write(String name, String content) {
        try {
            Path p = fx.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String name) {
        try {
            return Files.readString(fx.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SimJob job(long id) {
        return sim.cluster().job(id).orElseThrow();
    }

    /** Waits until {@code check} holds for the task, reading it under the cluster lock. */
    public void awaitTask(long jobId, int index, Predicate<SimTask> check, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> sim.cluster().read(() -> check.test(job(jobId).tasks().stream()
                        .filter(t -> t.index() == index).findFirst().orElseThrow())));
    }

    public void awaitState(long jobId, int index, TaskState state, Duration atMost) {
        awaitTask(jobId, index, t -> t.state() == state, atMost);
    }

    public void awaitRunning(long jobId, int index) {
        awaitState(jobId, index, TaskState.RUNNING, Duration.ofSeconds(10));
    }

    public void awaitJobFinished(long jobId, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> sim.cluster().read(() -> job(jobId).allFinished()));
    }

    /** The test's paths replaced by the fixture cluster's, so scontrol/qstat paths compare. */
    public String fixturePaths(String s, String fixtureHome) {
        return s.replace(home.toString(), fixtureHome);
    }

    @Override
    public void close() {
        sim.close();
        for (Path dir : new Path[] {root, home}) {
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp dir is harmless
            }
        }
    }

    /** {@code /tmp/} plus 8 hex digits: 13 characters, as {@code /home/pbsuser}. */
    private static Path shortHome() {
        java.util.Random random = new java.util.Random();
        while (true) {
            Path p = Path.of("/tmp/" + String.format("%08x", random.nextInt()));
            try {
                return Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // try another name
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("scatter-sim-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scripts of fixtures/README.md "The job scripts the scenarios use" (SLURM). */
    public static final String SLURM_JOB_SH = "#!/bin/bash\n#SBATCH --job-name=hello\n#SBATCH --cpus-per-task=1\n"
            + "#SBATCH --mem=100M\n#SBATCH --time=00:05:00\n#SBATCH --output=hello-%j.out\necho hello from $SLURM_JOB_ID\n";
    public static final String SLURM_ARR_SH = "#!/bin/bash\n#SBATCH --job-name=arr\n#SBATCH --array=0-3\n#SBATCH --time=2\n"
            + "#SBATCH --output=arr-%A_%a.out\necho \"task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_JOB_ID is job $SLURM_JOB_ID\"\n";
    /** states.sh; index 2 grows past --mem=100M through tail buffering one 300 MB line. */
    public static final String SLURM_STATES_SH = "#!/bin/bash\n"
            + "echo \"task $SLURM_ARRAY_TASK_ID (job $SLURM_JOB_ID) starting\"\n"
            + "case $SLURM_ARRAY_TASK_ID in\n"
            + "  0) exit 0 ;;\n  1) exit 3 ;;\n"
            + "  2) head -c 300000000 /dev/zero | tail > /dev/null ;;\n"
            + "  3) kill -9 $$ ;;\n  *) sleep 600 ;;\nesac\n";
    public static final String ENV_SH = "#!/bin/bash\nenv | sort\n";
    public static final String PBS_JOB_SH = "#!/bin/bash\n#PBS -N hello\n#PBS -l select=1:ncpus=1:mem=100mb\n"
            + "#PBS -l walltime=00:05:00\ncd \"$PBS_O_WORKDIR\"\necho hello\n";
    /** PBS states.sh: 0 exit 0; 1 exit 3; 2 kill -9; 3, 4 sleep 600; 5 sleep then exit 0. */
    public static final String PBS_STATES_SH = "#!/bin/bash\n"
            + "echo \"index $PBS_ARRAY_INDEX ($PBS_JOBID) starting\"\n"
            + "case $PBS_ARRAY_INDEX in\n"
            + "  0) exit 0 ;;\n  1) exit 3 ;;\n  2) kill -9 $$ ;;\n  3|4) sleep 600 ;;\n  5) sleep 1; exit 0 ;;\nesac\n";
}
