package dev.scatter.sim.queue;

import java.time.Duration;

/**
 * What one task asks for, per node. A plain job and each array task ask for the same.
 *
 * @param nodes      nodes per task
 * @param cpus       CPUs per node
 * @param memoryMb   memory per node in MB; 0 = not requested (not accounted, not enforced)
 * @param timeLimit  wall time limit (simulated); {@code null} = unlimited
 * @param timeCap    the longest limit the queue accepts to run (SLURM partition MaxTime); {@code null} = none
 * @param enforceMemory whether exceeding {@code memoryMb} kills the task
 */
public record ResourceRequest(int nodes, int cpus, long memoryMb, Duration timeLimit, Duration timeCap,
                              boolean enforceMemory) {

    public ResourceRequest {
        if (nodes < 1 || cpus < 1 || memoryMb < 0) {
            throw new IllegalArgumentException("bad request: nodes=" + nodes + " cpus=" + cpus + " mem=" + memoryMb);
        }
    }
}
