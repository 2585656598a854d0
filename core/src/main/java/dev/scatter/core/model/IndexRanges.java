package dev.scatter.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Sets of numbers written compactly, the way schedulers write array indices and scatter writes
 * entry lists: {@code 1,3,5-7,20-40:10} (single numbers, ranges, stepped ranges) in;
 * {@code 1,3,5-7,20,30,40} out. One implementation for the ledger ({@code attempt.json}'s
 * entries), the user's entry lists ({@code scatter cancel 3 17,20-25}), the schedulers' answers
 * (SLURM {@code %K}, PBS subjob ranges) and the simulator's {@code --array}/{@code -J} specs.
 */
public final class IndexRanges {

    private IndexRanges() {
    }

    /**
     * The numbers in {@code text}, sorted, each once; none for blank text.
     *
     * @throws IllegalArgumentException for anything else: a reversed range, step 0, a negative
     *                                  number, an empty part, garbage
     */
    public static List<Integer> parse(String text) {
        return parse(text, Integer.MAX_VALUE);
    }

    /** A number above the highest a list may hold, found before any range was expanded. */
    public static final class BeyondException extends IllegalArgumentException {
        private final long number;

        BeyondException(long number, int max) {
            super(number + " is above " + max);
            this.number = number;
        }

        public long number() {
            return number;
        }
    }

    /**
     * {@link #parse}, refusing numbers above {@code max} before expanding anything, so that a
     * user's {@code 1-2147483647} costs nothing.
     *
     * @throws BeyondException          for a number above {@code max}
     * @throws IllegalArgumentException for anything else {@link #parse} refuses
     */
    public static List<Integer> parse(String text, int max) {
        if (text.isBlank()) {
            return List.of();
        }
        int[] out = new int[16];
        int n = 0;
        boolean ascending = true;   // as format writes them: then no sort is needed
        for (String part : text.strip().split(",", -1)) {
            try {
                int step = 1;
                String range = part;
                int colon = part.indexOf(':');
                if (colon >= 0) {
                    step = Integer.parseInt(part.substring(colon + 1));
                    range = part.substring(0, colon);
                }
                int dash = range.indexOf('-', 1);
                int lo = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(range.substring(dash + 1));
                if (lo < 0 || hi < lo || step < 1) {
                    throw new IllegalArgumentException("not a range of numbers: '" + part + "' in '" + text + "'");
                }
                if (hi > max) {
                    throw new BeyondException(lo > max ? lo : hi, max);
                }
                for (long i = lo; i <= hi; i += step) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * n, n + (hi - i) / step + 1)));
                    }
                    ascending &= n == 0 || i > out[n - 1];
                    out[n++] = (int) i;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a range of numbers: '" + part + "' in '" + text + "'", e);
            }
        }
        int[] values = Arrays.copyOf(out, n);
        if (!ascending) {   // in order, each number once
            Arrays.sort(values);
            values = Arrays.stream(values).distinct().toArray();
        }
        return IntList.of(values);
    }

    /** {@link #parse}, or empty when {@code text} is blank or not a list of numbers and ranges. */
    public static Optional<List<Integer>> tryParse(String text) {
        try {
            List<Integer> numbers = parse(text);
            return numbers.isEmpty() ? Optional.empty() : Optional.of(numbers);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Consecutive runs as {@code a-b}, single numbers alone, comma-separated, in ascending order. */
    public static String format(Collection<Integer> numbers) {
        return EntryRanges.of(numbers).toString();
    }

    /** The consecutive runs {@code [first, last]} of the numbers, ascending; a number given twice counts once. */
    public static List<int[]> runs(Collection<Integer> numbers) {
        List<int[]> runs = new ArrayList<>();
        EntryRanges.of(numbers).forEachRange((first, last) -> runs.add(new int[] {first, last}));
        return runs;
    }
}
