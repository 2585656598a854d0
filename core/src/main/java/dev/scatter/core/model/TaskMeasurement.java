package dev.scatter.core.model;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a scheduler measured of one task that ended (SLURM's sacct, PBS's job history): the task as
 * a whole, every entry it ran together, and the wrapper around them.
 *
 * @param source      who measured it ({@code sacct}, {@code qstat})
 * @param state       the scheduler's own final state ({@code COMPLETED}, {@code CANCELLED by 0}, {@code F})
 * @param exitCode    the scheduler's exit code text ({@code 0:9}, {@code 137}), or empty
 * @param peakBytes   peak resident memory (SLURM MaxRSS of its steps; PBS resources_used.mem), when measured
 * @param cpuSeconds  user + system CPU time (SLURM TotalCPU; PBS resources_used.cput), when measured
 * @param elapsedSeconds wall time from start to end (SLURM Elapsed; PBS resources_used.walltime)
 * @param cpus        cpus allocated to it (SLURM AllocCPUS; PBS ncpus), 0 when unknown
 * @param nodes       where it ran (SLURM NodeList; PBS exec_host), or empty
 * @param submit      when it was submitted, when known
 * @param start       when it started, when known
 * @param end         when it ended, when known
 */
public record TaskMeasurement(String source, String state, String exitCode, OptionalLong peakBytes, OptionalDouble cpuSeconds,
                              OptionalDouble elapsedSeconds, int cpus, String nodes, Optional<Instant> submit,
                              Optional<Instant> start, Optional<Instant> end) {

    /** CPU time ÷ (elapsed × cpus), as seff computes it; empty when a part is unknown or zero. */
    public OptionalDouble cpuEfficiency() {
        if (cpuSeconds.isEmpty() || elapsedSeconds.isEmpty() || cpus <= 0 || elapsedSeconds.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(cpuSeconds.getAsDouble() / (elapsedSeconds.getAsDouble() * cpus));
    }
}
