package dev.scatter.core.model;

import java.util.Arrays;
import java.util.Collection;

/**
 * A set of numbers (entries, array indices) held as sorted, disjoint ranges: what a cancel of a
 * million entries, most of them whole tasks not begun, costs as a few thousand ranges instead of a
 * million numbers (the attempt's {@code cancelled} file, the status and the local executor that read
 * it), and what {@link IndexRanges} writes lists from. {@link #toString} is {@code 1-3,5}.
 */
public final class EntryRanges {

    public static final EntryRanges NONE = new EntryRanges(new int[0], new int[0]);

    private final int[] from;
    private final int[] to;

    private EntryRanges(int[] from, int[] to) {
        this.from = from;
        this.to = to;
    }

    /**
     * The numbers in {@code numbers}, in any order, repeats and all. Sorted as an int array (4 bytes a
     * number while it runs), not a TreeSet: the spec of a million-entry run's first attempt names every
     * entry, and a TreeSet of them was 56 MB at the peak of {@code scatter run} (bench/scale, issue 17).
     */
    public static EntryRanges of(Collection<Integer> numbers) {
        int[] sorted = new int[numbers.size()];
        int i = 0;
        for (int n : numbers) {
            sorted[i++] = n;
        }
        Arrays.sort(sorted);
        Builder b = new Builder();
        for (int n : sorted) {
            b.add(n, n);
        }
        return b.build();
    }

    public boolean contains(int entry) {
        int i = Arrays.binarySearch(from, entry);
        if (i >= 0) {
            return true;
        }
        int before = -i - 2;   // the last range that begins below the entry
        return before >= 0 && to[before] >= entry;
    }

    public boolean isEmpty() {
        return from.length == 0;
    }

    /** How many numbers it holds. */
    public long size() {
        long n = 0;
        for (int i = 0; i < from.length; i++) {
            n += (long) to[i] - from[i] + 1;
        }
        return n;
    }

    /** Each range, ascending: its first and last number. */
    public void forEachRange(Range each) {
        for (int i = 0; i < from.length; i++) {
            each.accept(from[i], to[i]);
        }
    }

    @FunctionalInterface
    public interface Range {
        void accept(int first, int last);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryRanges r && Arrays.equals(r.from, from) && Arrays.equals(r.to, to);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(from) * 31 + Arrays.hashCode(to);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        forEachRange((first, last) -> s.append(s.isEmpty() ? "" : ",").append(first).append(first == last ? "" : "-" + last));
        return s.toString();
    }

    /**
     * Collects ranges in any order, overlapping or not. Numbers added in ascending order (a status
     * walked in input order) are joined as they come, so the builder holds what the result holds.
     */
    public static final class Builder {
        private int[] from = new int[8];
        private int[] to = new int[8];
        private int size;
        private boolean sorted = true;

        /** Adds {@code first} to {@code last}, both included ({@code first ≤ last}). */
        public Builder add(int first, int last) {
            if (first > last) {
                throw new IllegalArgumentException("range " + first + "-" + last);
            }
            if (size > 0 && first >= from[size - 1] && first <= (long) to[size - 1] + 1) {   // joins the last range
                to[size - 1] = Math.max(to[size - 1], last);
                return this;
            }
            if (size > 0 && first < from[size - 1]) {
                sorted = false;
            }
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
            }
            from[size] = first;
            to[size] = last;
            size++;
            return this;
        }

        public EntryRanges build() {
            if (size == 0) {
                return NONE;
            }
            if (sorted) {
                return new EntryRanges(Arrays.copyOf(from, size), Arrays.copyOf(to, size));
            }
            long[] packed = new long[size];   // sort the ranges by their first number, then join those that touch
            for (int i = 0; i < size; i++) {
                packed[i] = (long) from[i] << 32 | (to[i] & 0xffffffffL);
            }
            Arrays.sort(packed);
            Builder joined = new Builder();
            for (long p : packed) {
                joined.add((int) (p >> 32), (int) p);
            }
            return joined.build();
        }
    }
}
