package dev.scatter.sim;

import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;

import java.time.Duration;
import java.util.Random;

/**
 * The handle tests drive to make the cluster misbehave, seeded so every run misbehaves the same
 * way (compare HyperQueue's mock {@code set_job_data} and {@code FailingStatusManager}).
 *
 * <p>Counted faults ({@code failNext…}) hit the next N calls for sure; rates hit each call with
 * that probability, drawn from the seeded generator.
 */
public final class FaultPlan {

    private final SimCluster cluster;
    private final Random random;
    private final CountedOrRandom submissionFailures = new CountedOrRandom();
    private final CountedOrRandom statusFailures = new CountedOrRandom();
    private double slowRate;
    private Duration slowDelay = Duration.ZERO;
    private double vanishFinishedRate;
    private Duration accountingLag = Duration.ZERO;

    FaultPlan(SimCluster cluster, long seed) {
        this.cluster = cluster;
        this.random = new Random(seed);
        cluster.vanishFinishedWhen(this::vanishThisFinish);
    }

    /** The next {@code n} submissions (sbatch, qsub) fail with the scheduler's transient error. */
    public synchronized FaultPlan failNextSubmissions(int n) {
        submissionFailures.next = n;
        return this;
    }

    /** The next {@code n} status queries (squeue, sacct, scontrol, qstat) fail transiently. */
    public synchronized FaultPlan failNextStatusQueries(int n) {
        statusFailures.next = n;
        return this;
    }

    /** Each submission fails with probability {@code rate}. */
    public synchronized FaultPlan failSubmissions(double rate) {
        submissionFailures.rate = rate;
        return this;
    }

    /** Each status query fails with probability {@code rate}. */
    public synchronized FaultPlan failStatusQueries(double rate) {
        statusFailures.rate = rate;
        return this;
    }

    /** Each command answers {@code delay} late with probability {@code rate}. */
    public synchronized FaultPlan slowResponses(double rate, Duration delay) {
        slowRate = rate;
        slowDelay = delay;
        return this;
    }

    /** Each task that finishes leaves the live listing at once (no MinJobAge) with probability {@code rate}. */
    public synchronized FaultPlan vanishFinishedJobs(double rate) {
        vanishFinishedRate = rate;
        return this;
    }

    /** sacct does not show a job until {@code lag} after its submission (fixtures trap 3). */
    public synchronized FaultPlan accountingLag(Duration lag) {
        accountingLag = lag;
        return this;
    }

    /** Takes a node down: its running tasks end NODE_FAIL. */
    public FaultPlan nodeDown(String node) {
        cluster.setNodeUp(node, false);
        return this;
    }

    public FaultPlan nodeUp(String node) {
        cluster.setNodeUp(node, true);
        return this;
    }

    /** Job {@code id} disappears from the live listing now, whatever its state; accounting keeps it. */
    public FaultPlan vanish(long id) {
        SimJob job = cluster.job(id).orElseThrow(() -> new IllegalArgumentException("no job " + id));
        cluster.vanish(job);
        return this;
    }

    /** Changes how fast simulated time runs, from now on. */
    public FaultPlan clockSpeedup(double speedup) {
        cluster.clock().setSpeedup(speedup);
        return this;
    }

    /** Back to a well-behaved cluster (nodes stay as they are). */
    public synchronized FaultPlan reset() {
        submissionFailures.clear();
        statusFailures.clear();
        slowRate = 0;
        vanishFinishedRate = 0;
        accountingLag = Duration.ZERO;
        return this;
    }

    synchronized boolean failThisSubmission() {
        return submissionFailures.hits(random);
    }

    synchronized boolean failThisStatusQuery() {
        return statusFailures.hits(random);
    }

    synchronized Duration delayThisResponse() {
        return slowRate > 0 && random.nextDouble() < slowRate ? slowDelay : Duration.ZERO;
    }

    synchronized boolean vanishThisFinish() {
        return vanishFinishedRate > 0 && random.nextDouble() < vanishFinishedRate;
    }

    public synchronized Duration accountingLag() {
        return accountingLag;
    }

    synchronized Random random() {
        return random;
    }

    /**
     * A failure that hits the next {@code next} calls for sure, then each call with probability
     * {@code rate}. Guarded by the plan's lock; draws from the plan's one seeded generator, and
     * only when a rate is set, so a run without rates draws nothing.
     */
    private static final class CountedOrRandom {
        int next;
        double rate;

        boolean hits(Random random) {
            if (next > 0) {
                next--;
                return true;
            }
            return rate > 0 && random.nextDouble() < rate;
        }

        void clear() {
            next = 0;
            rate = 0;
        }
    }
}
