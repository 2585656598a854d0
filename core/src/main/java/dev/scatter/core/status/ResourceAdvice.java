package dev.scatter.core.status;

import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.TimeLimit;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * seff-style advice from a {@link ResourceUsage}: what was asked, what was used at most, and what
 * to ask next time. The margin is 1.5 × the largest seen, for time and memory alike (a task that
 * ran out would cost a whole retry; an idle half of a request costs only queue priority).
 */
public final class ResourceAdvice {

    static final double MARGIN = 1.5;
    /** Below this CPU efficiency, and with more than one cpu asked, fewer cpus are suggested. */
    static final double LOW_EFFICIENCY = 0.5;

    private final ResourceUsage u;

    public ResourceAdvice(ResourceUsage usage) {
        this.u = usage;
    }

    /** {@code -t} for the next run: 1.5 × the longest task, in whole minutes. */
    public String suggestedTime() {
        long minutes = (long) Math.ceil(u.maxTaskSeconds() * MARGIN / 60);
        return new TimeLimit(Duration.ofMinutes(Math.max(1, minutes))).slurm();
    }

    /** {@code --mem} for the next run: 1.5 × the largest peak, rounded up to 100 MB; empty when unmeasured. */
    public Optional<String> suggestedMemory() {
        if (u.maxPeak().isEmpty()) {
            return Optional.empty();
        }
        long mb = (long) Math.ceil(u.maxPeak().getAsLong() * MARGIN / (1 << 20) / 100) * 100;
        return Optional.of(new MemorySize(Math.max(100, mb)).toString());
    }

    /**
     * {@code -c} for the next run when the tasks kept fewer cpus busy than asked (efficiency below
     * 50 %): the most any task kept busy, rounded up; empty when there is nothing to suggest.
     */
    public OptionalInt suggestedCpus() {
        if (u.cpuEfficiency().isEmpty() || u.maxCpusBusy().isEmpty() || u.requested().cpus() <= 1
                || u.cpuEfficiency().getAsDouble() >= LOW_EFFICIENCY) {
            return OptionalInt.empty();
        }
        int cpus = (int) Math.max(1, Math.ceil(u.maxCpusBusy().getAsDouble()));
        return cpus < u.requested().cpus() ? OptionalInt.of(cpus) : OptionalInt.empty();
    }

    /** {@code asked 8 GB, used at most 1.1 GB (14 %): next time --mem 1700M}; empty when unmeasured. */
    public Optional<String> memory() {
        if (u.maxPeak().isEmpty()) {
            return Optional.empty();
        }
        long peak = u.maxPeak().getAsLong();
        String next = ": next time --mem " + suggestedMemory().orElseThrow();
        return Optional.of(u.requested().memory()
                .map(asked -> "asked " + size(asked.bytes()) + ", used at most " + size(peak) + " (" + percent((double) peak / asked.bytes()) + ")" + next)
                .orElse("asked no --mem, used at most " + size(peak) + next));
    }

    /** {@code CPU efficiency 23 % (CPU time ÷ (elapsed × 4 cpus)): next time -c 2}; empty when unmeasured. */
    public Optional<String> cpu() {
        if (u.cpuEfficiency().isEmpty()) {
            return Optional.empty();
        }
        int cpus = u.requested().cpus();
        String line = "CPU efficiency " + percent(u.cpuEfficiency().getAsDouble()) + " (CPU time ÷ (elapsed × " + cpus
                + (cpus == 1 ? " cpu" : " cpus") + "))";
        OptionalInt fewer = suggestedCpus();
        return Optional.of(fewer.isPresent() ? line + ": next time -c " + fewer.getAsInt() : line);
    }

    /** Binary units as SLURM prints them: {@code 950 MB}, {@code 1.1 GB}. */
    public static String size(long bytes) {
        double mb = bytes / (double) (1 << 20);
        return mb < 1024 ? String.format(Locale.ROOT, "%.0f MB", mb) : String.format(Locale.ROOT, "%.1f GB", mb / 1024);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }
}
