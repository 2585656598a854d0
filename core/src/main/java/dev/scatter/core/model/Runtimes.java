package dev.scatter.core.model;

import java.util.Arrays;

/**
 * The run times of a set of entries in a few hundred bytes however many they are: how many, their
 * sum, the exact shortest and longest, and counts in logarithmic bins, each 2 % wider than the one
 * before, so that any value read back (a median, a histogram's bin) is within 1 % of one recorded
 * (or within a millisecond, for times under one).
 * It is what a summarized task keeps of its entries' own times ({@link TaskSummary}), and what
 * {@code status --resources} and {@code report} add up over a run without holding a value per entry.
 *
 * <p>The bins are DDSketch's (Masson, Rim and Lee, VLDB 2019, https://arxiv.org/abs/1908.10693): value
 * {@code v} falls in bin {@code ⌈log_γ v⌉} with {@code γ = (1 + α) / (1 − α)}, and the bin's value
 * {@code 2γ^i / (γ + 1)} is within {@code α} of everything in it. Times under a millisecond share
 * the bin of one millisecond.
 */
public final class Runtimes {

    /** The relative accuracy of a value read back (of a millisecond or more). */
    public static final double ACCURACY = 0.01;
    private static final double GAMMA = (1 + ACCURACY) / (1 - ACCURACY);
    private static final double LN_GAMMA = Math.log(GAMMA);
    private static final double FLOOR = 0.001;

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    /** The bins that hold a value, ascending, and their counts: two arrays, not a map (a run holds one per task). */
    private int[] index = new int[0];
    private long[] counts = new long[0];

    /** A value and how many times it was recorded (within {@link #ACCURACY}). */
    @FunctionalInterface
    public interface Bin {
        void accept(double seconds, long count);
    }

    public Runtimes() {
    }

    /**
     * Run times as {@link #bins(Bin)} and the accessors gave them back (what a ledger line holds).
     *
     * @param bins bin index, count, bin index, count, … (as {@link #binCounts()} gives them)
     */
    public static Runtimes of(long count, double sum, double min, double max, long[] bins) {
        if (bins.length % 2 != 0) {
            throw new IllegalArgumentException("bins: an odd number of values");
        }
        Runtimes r = new Runtimes();
        long binned = 0;
        for (int i = 0; i < bins.length; i += 2) {
            if (bins[i + 1] <= 0) {
                throw new IllegalArgumentException("bins: count " + bins[i + 1]);
            }
            r.put(Math.toIntExact(bins[i]), bins[i + 1]);
            binned += bins[i + 1];
        }
        if (binned != count || count > 0 && min > max) {
            throw new IllegalArgumentException("bins hold " + binned + " values, not " + count);
        }
        r.count = count;
        r.sum = sum;
        if (count > 0) {
            r.min = min;
            r.max = max;
        }
        return r;
    }

    /** Records one run time, in seconds (a negative one, from clocks that disagree, as 0). */
    public void add(double seconds) {
        double v = Math.max(0, seconds);
        count++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        put(bin(v), 1);
    }

    /** Records every run time {@code other} holds. */
    public void addAll(Runtimes other) {
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        for (int i = 0; i < other.index.length; i++) {
            put(other.index[i], other.counts[i]);
        }
    }

    private void put(int bin, long n) {
        int at = Arrays.binarySearch(index, bin);
        if (at >= 0) {
            counts[at] += n;
            return;
        }
        int insert = -at - 1;
        int[] i2 = new int[index.length + 1];
        long[] c2 = new long[counts.length + 1];
        System.arraycopy(index, 0, i2, 0, insert);
        System.arraycopy(counts, 0, c2, 0, insert);
        i2[insert] = bin;
        c2[insert] = n;
        System.arraycopy(index, insert, i2, insert + 1, index.length - insert);
        System.arraycopy(counts, insert, c2, insert + 1, counts.length - insert);
        index = i2;
        counts = c2;
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    /** The shortest, exactly; 0 when there is none. */
    public double min() {
        return count == 0 ? 0 : min;
    }

    /** The longest, exactly; 0 when there is none. */
    public double max() {
        return count == 0 ? 0 : max;
    }

    /**
     * The {@code ⌊q × count⌋}-th smallest value from 0 (the upper median for {@code q = 0.5}), within
     * {@link #ACCURACY} and never outside [min, max]; 0 when there is none.
     */
    public double quantile(double q) {
        long rank = Math.min(count - 1, (long) Math.floor(q * count));
        long seen = 0;
        for (int i = 0; i < index.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return clamp(value(index[i]));
            }
        }
        return 0;
    }

    /** Every bin that holds a value, shortest first: its value (within [min, max]) and its count. */
    public void bins(Bin each) {
        for (int i = 0; i < index.length; i++) {
            each.accept(clamp(value(index[i])), counts[i]);
        }
    }

    /** The bins as index, count, index, count, … for {@link #of}. */
    public long[] binCounts() {
        long[] out = new long[2 * index.length];
        for (int i = 0; i < index.length; i++) {
            out[2 * i] = index[i];
            out[2 * i + 1] = counts[i];
        }
        return out;
    }

    private double clamp(double v) {
        return Math.min(max, Math.max(min, v));
    }

    private static int bin(double seconds) {
        return (int) Math.ceil(Math.log(Math.max(FLOOR, seconds)) / LN_GAMMA);
    }

    private static double value(int bin) {
        return 2 * Math.pow(GAMMA, bin) / (GAMMA + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Runtimes r && r.count == count && Double.compare(r.sum, sum) == 0 && Double.compare(r.min(), min())
                == 0 && Double.compare(r.max(), max()) == 0 && Arrays.equals(r.index, index) && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Runtimes[count=" + count + ", sum=" + sum + ", min=" + min() + ", max=" + max() + ", bins="
                + Arrays.toString(binCounts()) + "]";
    }
}
