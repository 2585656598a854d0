package dev.scatter.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * The cluster's clock. Simulated time runs {@code speedup} times faster than real time, so a
 * {@code --time=1} job is killed after one real second at speed-up 60, and every time the
 * dialects print (squeue TIME, sacct Start/End/Elapsed, qstat walltime) is on this clock.
 * Changing the speed-up re-bases the clock: simulated time never jumps.
 */
public final class SimClock {

    private long baseNanos;
    private Instant baseSim;
    private double speedup;

    public SimClock(double speedup) {
        if (speedup <= 0) {
            throw new IllegalArgumentException("clock speed-up must be positive: " + speedup);
        }
        this.baseNanos = System.nanoTime();
        this.baseSim = Instant.now();
        this.speedup = speedup;
    }

    /** Simulated now, truncated to whole seconds like every scheduler's output. */
    public synchronized Instant now() {
        return exactNow().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** Simulated now with sub-second precision (for limit checks). */
    public synchronized Instant exactNow() {
        long realNanos = System.nanoTime() - baseNanos;
        return baseSim.plusNanos((long) (realNanos * speedup));
    }

    public synchronized double speedup() {
        return speedup;
    }

    public synchronized void setSpeedup(double newSpeedup) {
        if (newSpeedup <= 0) {
            throw new IllegalArgumentException("clock speed-up must be positive: " + newSpeedup);
        }
        Instant current = exactNow();
        baseNanos = System.nanoTime();
        baseSim = current;
        speedup = newSpeedup;
    }

    /** How long a simulated duration lasts in real time. */
    public synchronized Duration toReal(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / speedup));
    }
}
