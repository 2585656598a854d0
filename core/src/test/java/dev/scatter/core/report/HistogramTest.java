package dev.scatter.core.report;

import static org.assertj.core.api.Assertions.assertThat;

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
}
