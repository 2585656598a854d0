package dev.scatter.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.Runtimes;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void the_counts_sum_to_the_values_and_the_largest_value_lands_in_the_last_bin() {
        double[] values = new Random(7).doubles(10_000, 0.5, 90).toArray();
        values[0] = 95;

        Histogram h = Histogram.of(values);

        assertThat(h.total()).isEqualTo(10_000);
        assertThat(h.counts()).hasSize(Histogram.MAX_BINS);
        assertThat(h.counts()[Histogram.MAX_BINS - 1]).isPositive();
        assertThat(h.lo() + h.width() * h.counts().length).isEqualTo(95, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void equal_values_make_one_bin_and_no_values_none() {
        assertThat(Histogram.of(new double[] {3, 3, 3}).counts()).containsExactly(3);
        assertThat(Histogram.of(new double[0]).total()).isZero();
        assertThat(Histogram.of(new double[] {1, 2, 3, 4}).counts()).containsExactly(2, 2);   // √4 bins
    }

    @Test
    void run_times_kept_in_bins_give_the_same_edges_and_counts_within_one_percent_of_a_value() {
        double[] values = new Random(11).doubles(5_000, 0.2, 40).toArray();
        Runtimes kept = new Runtimes();
        for (double v : values) {
            kept.add(v);
        }

        Histogram exact = Histogram.of(values);
        Histogram binned = Histogram.of(kept);

        assertThat(binned.lo()).isEqualTo(exact.lo());
        assertThat(binned.width()).isEqualTo(exact.width());
        assertThat(binned.total()).isEqualTo(5_000);
        // each value is read back within 1 %: below every inner edge lie at least the values 1 % below
        // it and at most those 1 % above it
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int below = 0;
        for (int i = 1; i < binned.counts().length; i++) {
            below += binned.counts()[i - 1];
            double edge = binned.lo() + i * binned.width();
            assertThat(below).as("edge %s", edge).isBetween(countBelow(sorted, edge * (1 - Runtimes.ACCURACY)),
                    countBelow(sorted, edge * (1 + Runtimes.ACCURACY)));
        }
        assertThat(binned).isNotEqualTo(Histogram.of(new double[] {1, 2}));
        assertThat(Histogram.of(new Runtimes()).total()).isZero();
    }

    private static int countBelow(double[] sorted, double x) {
        int i = java.util.Arrays.binarySearch(sorted, x);
        return i >= 0 ? i : -i - 1;
    }
}
