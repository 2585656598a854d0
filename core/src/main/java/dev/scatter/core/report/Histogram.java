package dev.scatter.core.report;

import dev.scatter.core.model.Runtimes;
import java.util.Arrays;

/**
 * Counts of values in equal-width bins from the smallest value to the largest: bin {@code i} holds
 * {@code lo + i × width ≤ v < lo + (i+1) × width}, the last bin also its upper edge. The counts sum
 * to the values given.
 *
 * @param lo     the lower edge of the first bin
 * @param width  the width of every bin (1 when every value is the same)
 * @param counts values per bin
 */
public record Histogram(double lo, double width, int[] counts) {

    public static final int MAX_BINS = 40;

    /** √n bins (Excel's rule; fine for the few hundred to 100k values a run has), 1 to {@link #MAX_BINS}. */
    public static Histogram of(double[] values) {
        if (values.length == 0) {
            return new Histogram(0, 1, new int[0]);
        }
        Histogram h = empty(Arrays.stream(values).min().getAsDouble(), Arrays.stream(values).max().getAsDouble(), values.length);
        for (double v : values) {
            h.counts[h.bin(v)]++;
        }
        return h;
    }

    /**
     * The same of run times kept in {@link Runtimes}' bins: its exact shortest and longest are the
     * edges, and each of its bins falls whole into the bin its value (within 1 %) falls in.
     */
    public static Histogram of(Runtimes runtimes) {
        if (runtimes.count() == 0) {
            return new Histogram(0, 1, new int[0]);
        }
        Histogram h = empty(runtimes.min(), runtimes.max(), runtimes.count());
        runtimes.bins((seconds, count) -> h.counts[h.bin(seconds)] += (int) count);
        return h;
    }

    private static Histogram empty(double lo, double hi, long values) {
        int bins = hi == lo ? 1 : (int) Math.max(1, Math.min(MAX_BINS, Math.ceil(Math.sqrt(values))));
        return new Histogram(lo, hi > lo ? (hi - lo) / bins : 1, new int[bins]);
    }

    private int bin(double v) {
        return Math.max(0, Math.min(counts.length - 1, (int) ((v - lo) / width)));
    }

    public int total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && h.lo == lo && h.width == width && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lo) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[lo=" + lo + ", width=" + width + ", counts=" + Arrays.toString(counts) + "]";
    }
}
