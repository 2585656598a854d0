package dev.scatter.sim;

import dev.scatter.sim.dialect.Dialect;
import dev.scatter.sim.pbs.PbsDialect;
import dev.scatter.sim.pbs.TorqueDialect;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.slurm.SlurmDialect;

import java.time.Duration;
import java.util.Set;

/**
 * A simulated cluster and the command-line tools of one scheduler: the handle everything else
 * holds. {@link #run} answers {@code sbatch …}/{@code qsub …} exactly as the real tool would;
 * {@link #faults()} makes it misbehave; {@link #cluster()} exposes the neutral queue.
 */
public final class Simulator implements AutoCloseable {

    private final SimConfig config;
    private final SimCluster cluster;
    private final FaultPlan faults;
    private final Dialect dialect;

    private Simulator(SimConfig config) {
        this.config = config;
        SimClock clock = new SimClock(config.clockSpeedup());
        // SLURM's FirstJobId is 1; PBS and Torque number from 0 (fixtures qsub_plain_script)
        this.cluster = new SimCluster(config, clock, config.scheduler() == Scheduler.SLURM ? 1 : 0);
        this.faults = new FaultPlan(cluster, config.seed());
        this.dialect = switch (config.scheduler()) {
            case SLURM -> new SlurmDialect(cluster, faults);
            case OPENPBS -> new PbsDialect(cluster, faults);
            case TORQUE -> new TorqueDialect(cluster, faults);
        };
    }

    /** Starts a cluster: its scheduler threads run until {@link #close()}. */
    public static Simulator start(SimConfig config) {
        return new Simulator(config);
    }

    public SimConfig config() { return config; }
    public SimCluster cluster() { return cluster; }
    public FaultPlan faults() { return faults; }
    public Dialect dialect() { return dialect; }

    /** Program names this cluster answers (the PATH scripts the server writes). */
    public Set<String> programs() {
        return dialect.programs();
    }

    public boolean answers(String program) {
        return dialect.programs().contains(program);
    }

    /** Runs one command, with the faults the plan injects. */
    public Reply run(Invocation invocation) {
        try {
            return run(invocation, Duration.ofDays(1));
        } catch (ResponseTimeout e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one command; if an injected slow response would take longer than {@code timeout},
     * waits {@code timeout} and throws {@link ResponseTimeout}.
     */
    public Reply run(Invocation invocation, Duration timeout) throws ResponseTimeout {
        String program = invocation.program();
        if (!answers(program)) {
            throw new IllegalArgumentException(program + " is not a " + config.scheduler() + " command");
        }
        Duration delay = faults.delayThisResponse();
        if (!delay.isZero()) {
            sleep(delay.compareTo(timeout) > 0 ? timeout : delay);
            if (delay.compareTo(timeout) > 0) {
                throw new ResponseTimeout(invocation, timeout);
            }
        }
        Dialect.Kind kind = dialect.kind(program);
        if ((kind == Dialect.Kind.SUBMIT && faults.failThisSubmission())
                || (kind == Dialect.Kind.STATUS && faults.failThisStatusQuery())) {
            return dialect.transientFailure(program, faults.random());
        }
        return dialect.run(invocation);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** An injected slow response outlasted the caller's timeout. */
    public static final class ResponseTimeout extends Exception {
        public ResponseTimeout(Invocation invocation, Duration timeout) {
            super(invocation.program() + " did not answer within " + timeout.toMillis() + " ms");
        }
    }
}
