package dev.scatter.core.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An unmodifiable list of ints in 4 bytes each: an attempt's entry numbers, which a million-entry
 * run would otherwise hold as a million boxed Integers (20 MB, and a second copy for each reader).
 */
public final class IntList extends AbstractList<Integer> implements RandomAccess {

    private final int[] values;

    private IntList(int[] values) {
        this.values = values;
    }

    /** {@code from}, {@code from + 1}, …, {@code to}. */
    public static IntList range(int from, int to) {
        int[] v = new int[Math.max(0, to - from + 1)];
        Arrays.setAll(v, i -> from + i);
        return new IntList(v);
    }

    /** These values, copied. */
    public static IntList of(int[] values) {
        return new IntList(values.clone());
    }

    /** {@code list} as an IntList: itself when it is one, else a copy (refusing nulls, as {@link List#copyOf}). */
    public static IntList copyOf(List<Integer> list) {
        if (list instanceof IntList ints) {
            return ints;
        }
        int[] v = new int[list.size()];
        int i = 0;
        for (Integer x : list) {
            v[i++] = x;   // a null throws here
        }
        return new IntList(v);
    }

    @Override
    public Integer get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}
