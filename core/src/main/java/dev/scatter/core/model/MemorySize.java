package dev.scatter.core.model;

import dev.scatter.core.UsageException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory request in SLURM's notation: a number with an optional unit K, M, G or T (an optional
 * trailing B is accepted); a bare number means megabytes, as in {@code sbatch --mem}. Units are
 * binary (1G = 1024M), as SLURM's are.
 */
public record MemorySize(long megabytes) {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:I?B)?", Pattern.CASE_INSENSITIVE);

    public MemorySize {
        if (megabytes <= 0) {
            throw new IllegalArgumentException("memory must be positive: " + megabytes);
        }
    }

    public static MemorySize parse(String text, String option) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(option + " '" + text + "' is not a memory size: write e.g. 500M or 4G"
                    + " (units K, M, G, T; a bare number means megabytes)");
        }
        double value = Double.parseDouble(m.group(1));
        double mb = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            case "T" -> value * 1024 * 1024;
            default -> value;
        };
        long rounded = (long) Math.ceil(mb);
        if (rounded <= 0) {
            throw new UsageException(option + " '" + text + "' is zero: ask for at least 1M");
        }
        return new MemorySize(rounded);
    }

    public long bytes() {
        return megabytes * 1024 * 1024;
    }

    public MemorySize times(int factor) {
        return new MemorySize(megabytes * factor);
    }

    /** SLURM and the ledger: whole megabytes, or gigabytes when exact (e.g. {@code 4G}). */
    @Override
    public String toString() {
        return megabytes % 1024 == 0 ? (megabytes / 1024) + "G" : megabytes + "M";
    }
}
