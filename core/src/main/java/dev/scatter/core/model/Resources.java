package dev.scatter.core.model;

import java.util.List;
import java.util.Optional;

/**
 * What each task asks for. Cluster-only fields (partition, account, scheduler options) are kept
 * for the cluster backends; the local backend sizes its pool from cpus, memory, gpus and
 * maxRunning.
 *
 * @param cpus        cores per task ({@code -c/--cpus-per-task}), at least 1
 * @param memory      memory per task, or empty for the scheduler's default
 * @param time        wall-time limit per task, or empty for the scheduler's default
 * @param gpus        GPUs per task, 0 for none
 * @param partition   SLURM partition / PBS queue, or empty
 * @param account     account to charge, or empty
 * @param maxRunning  at most this many tasks at once ({@code %N} on a scheduler), or empty
 * @param schedulerOptions raw options passed through to the scheduler as given
 */
public record Resources(int cpus, Optional<MemorySize> memory, Optional<TimeLimit> time, int gpus,
                        Optional<String> partition, Optional<String> account, Optional<Integer> maxRunning,
                        List<String> schedulerOptions) {

    public Resources {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1");
        }
        schedulerOptions = List.copyOf(schedulerOptions);
    }

    public static Resources defaults() {
        return new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
    }

    public Resources withMemory(MemorySize m) {
        return new Resources(cpus, Optional.of(m), time, gpus, partition, account, maxRunning, schedulerOptions);
    }

    public Resources withTime(TimeLimit t) {
        return new Resources(cpus, memory, Optional.of(t), gpus, partition, account, maxRunning, schedulerOptions);
    }
}
