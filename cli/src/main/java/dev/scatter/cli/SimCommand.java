package dev.scatter.cli;

import dev.scatter.core.BackendException;
import dev.scatter.core.ExitCode;
import dev.scatter.core.StorageException;
import dev.scatter.core.UsageException;
import dev.scatter.core.model.MemorySize;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.server.SimLauncher;
import dev.scatter.sim.server.SimStatus;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter sim start|stop|status}: a simulated SLURM or PBS cluster whose commands go on PATH. */
@Command(name = "sim", description = {"A simulated SLURM, OpenPBS or Torque cluster on this machine, to try cluster runs without one.",
        "Its sbatch, squeue, … or qsub, qstat, … go first on PATH, and any tool (scatter, your scripts) runs against it.",
        "(scatter run --backend slurm --simulate needs none of this: it simulates inside the run.)", ""},
        subcommands = {SimCommand.Start.class, SimCommand.Stop.class, SimCommand.Status.class})
public class SimCommand {

    /** The values {@code --dialect} takes, for shell completion. */
    static final class Dialects implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("slurm", "pbs", "torque").iterator();
        }
    }

    static Path defaultStateDir() {
        return Path.of(System.getProperty("user.home"), ".scatter", "sim");
    }

    /** {@code scatter sim start}. */
    @Command(name = "start", sortOptions = false, description = {"Start a simulated cluster in the background; print the directory to put first on PATH.",
            "Jobs really run, as processes on this machine, within the cores and memory of the simulated nodes.", ""},
            footer = {"", "Examples:",
                    "  export PATH=\"$(scatter sim start):$PATH\"     # sbatch, squeue, sacct, …",
                    "  export PATH=\"$(scatter sim start --dialect pbs --nodes 4 --cores 8):$PATH\"",
                    "  scatter sim start --speedup 60  # time limits pass 60x faster",
                    "  scatter sim status; scatter sim stop"})
    public static class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dialect", defaultValue = "slurm", paramLabel = "NAME", completionCandidates = Dialects.class,
                description = "slurm (default), pbs (OpenPBS/PBS Pro) or torque.")
        String dialect;

        @Option(names = "--nodes", defaultValue = "1", paramLabel = "N", description = "Nodes (default 1).")
        int nodes;

        @Option(names = "--cores", paramLabel = "N", description = "Cores per node (default: this machine's).")
        Integer cores;

        @Option(names = "--mem", paramLabel = "SIZE", description = "Memory per node (default: this machine's).")
        String mem;

        @Option(names = "--min-job-age", paramLabel = "SECONDS", description = "How long finished jobs stay in squeue (default 300).")
        Integer minJobAge;

        @Option(names = "--speedup", paramLabel = "FACTOR", description = "Clock speed-up for time limits (default 1).")
        Double speedup;

        @Option(names = "--no-accounting", description = "sacct answers that accounting is disabled.")
        boolean noAccounting;

        @Option(names = "--pbs-history", description = "PBS keeps finished jobs (job_history_enable); off by default, as in PBS.")
        boolean pbsHistory;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the simulator keeps its state (default ~/.scatter/sim).")
        Path stateDir;

        /** The highest --speedup: beyond it a simulated clock's nanoseconds overflow within hours. */
        static final double MAX_SPEEDUP = 1_000_000;

        @Override
        public Integer call() {
            SimConfig config = config();
            Path dir = stateDir != null ? stateDir.toAbsolutePath() : defaultStateDir();
            if (SimLauncher.status(dir).running()) {
                throw new UsageException("a simulated cluster already runs from " + dir + ": scatter sim stop first,"
                        + " or give another --state-dir");
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UsageException("--state-dir " + stateDir(e, dir) + ": give a directory you can write to");
            }
            Path bin;
            try {
                bin = SimLauncher.startDetached(config, dir, javaCommand());
            } catch (IOException e) {
                String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceFirst(";? *log:$", "");
                throw new BackendException("the simulated cluster did not start (" + first + "): see " + dir.resolve("server.log"));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(bin);
            out.flush();
            return ExitCode.OK.code();
        }

        /**
         * Every option checked here, before anything starts, each refusal naming the option and
         * what it takes (the simulator's own checks would only fail inside its server).
         */
        private SimConfig config() {
            SimConfig.Builder b = SimConfig.builder(scheduler(dialect));
            b.nodes(atLeast("--nodes", nodes, 1, "nodes"));
            if (cores != null) {
                b.coresPerNode(atLeast("--cores", cores, 1, "cores"));
            }
            if (mem != null) {
                b.memoryMbPerNode(MemorySize.parse(mem, "--mem").megabytes());
            }
            if (minJobAge != null) {
                b.minJobAge(Duration.ofSeconds(atLeast("--min-job-age", minJobAge, 0, "seconds")));
            }
            if (speedup != null) {
                if (!(speedup > 0 && speedup <= MAX_SPEEDUP)) {
                    String shown = Double.isFinite(speedup) ? java.math.BigDecimal.valueOf(speedup).stripTrailingZeros().toPlainString()
                            : speedup.toString();
                    throw new UsageException("--speedup " + shown + " is not a clock speed-up: give a factor above 0"
                            + " and at most " + (long) MAX_SPEEDUP + " (e.g. 60: a minute passes in a second)");
                }
                b.clockSpeedup(speedup);
            }
            return b.accounting(!noAccounting).pbsHistory(pbsHistory).build();
        }

        private static int atLeast(String option, int value, int min, String what) {
            if (value < min) {
                throw new UsageException(option + " " + value + " is not a number of " + what + ": give " + min + " or more");
            }
            return value;
        }

        private static String stateDir(IOException e, Path dir) {
            String why = e instanceof java.nio.file.FileAlreadyExistsException ? "it is a file, not a directory"
                    : StorageException.reason(e);
            return dir + ": cannot create it (" + why + ")";
        }

        private static Scheduler scheduler(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "slurm" -> Scheduler.SLURM;
                case "pbs", "openpbs", "pbs-pro", "pbspro" -> Scheduler.OPENPBS;
                case "torque" -> Scheduler.TORQUE;
                default -> throw new UsageException("--dialect " + name + " is not known: use slurm, pbs or torque");
            };
        }

        /** The packaged CLI's own JVM and libraries: the packaged app (quarkus-run.jar) keeps every jar in lib/main. */
        private static List<String> javaCommand() {
            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("java.class.path", "");
            Path jar = Path.of(classpath.split(File.pathSeparator)[0]).toAbsolutePath();
            String cp = classpath.endsWith("quarkus-run.jar") && !classpath.contains(File.pathSeparator)
                    ? jar.getParent().resolve("lib").resolve("main") + File.separator + "*"
                    : classpath;
            return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp);
        }
    }

    /** {@code scatter sim stop}. */
    @Command(name = "stop", description = "Stop the simulated cluster (its running jobs end).")
    public static class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "As given to start.")
        Path stateDir;

        @Override
        public Integer call() throws IOException {
            Path dir = stateDir != null ? stateDir.toAbsolutePath() : defaultStateDir();
            boolean stopped = SimLauncher.stop(dir);
            spec.commandLine().getOut().println(stopped ? "stopped the simulated cluster in " + dir : "no simulated cluster runs from " + dir);
            spec.commandLine().getOut().flush();
            return ExitCode.OK.code();
        }
    }

    /** {@code scatter sim status}. */
    @Command(name = "status", description = "Say whether a simulated cluster runs, and where its commands are.",
            footer = {"", "Exit code: 0 when one runs, 1 when none does."})
    public static class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "As given to start.")
        Path stateDir;

        @Override
        public Integer call() {
            Path dir = stateDir != null ? stateDir.toAbsolutePath() : defaultStateDir();
            SimStatus s = SimLauncher.status(dir);
            PrintWriter out = spec.commandLine().getOut();
            if (s.running()) {
                out.println("running: " + s.scheduler() + " on 127.0.0.1:" + s.port() + " (pid " + s.pid() + "); commands in " + s.binDir());
            } else {
                out.println("not running (state dir " + dir + ")");
            }
            out.flush();
            return s.running() ? ExitCode.OK.code() : ExitCode.ENTRIES_FAILED.code();
        }
    }
}
