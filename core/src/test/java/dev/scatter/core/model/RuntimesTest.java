package dev.scatter.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Run times kept in bins: what they give back, how close, and what they refuse to be built from. */
class RuntimesTest {

    /** Run times as a cluster's entries have them: log-normal, from milliseconds to an hour. */
    private static double[] runtimes(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.min(3600, Math.exp(random.nextGaussian() * 2.5));
        }
        return values;
    }

    @Test
    void quantilesAreWithinOnePercentOrAMillisecondOfTheExactOnesAndTheEndsAreExact() {
        double[] values = runtimes(20_000, 17);
        Runtimes r = new Runtimes();
        Arrays.stream(values).forEach(r::add);
        double[] sorted = values.clone();
        Arrays.sort(sorted);

        assertThat(r.count()).isEqualTo(values.length);
        assertThat(r.min()).isEqualTo(sorted[0]);
        assertThat(r.max()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(r.sum()).isCloseTo(Arrays.stream(values).sum(), within(1e-6));
        for (double q : new double[] {0, 0.1, 0.5, 0.9, 0.99, 1}) {
            double exact = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
            assertThat(r.quantile(q)).as("q %s", q).isCloseTo(exact, within(Math.max(0.001, exact * Runtimes.ACCURACY)));
        }
        long[] bins = r.binCounts();
        assertThat(bins.length / 2).as("bins, not values").isLessThan(2_000);
    }

    @Test
    void addingTwoIsAddingTheirValuesAndTheLedgersFormGivesTheSameBack() {
        double[] values = runtimes(1_000, 3);
        Runtimes all = new Runtimes();
        Runtimes first = new Runtimes();
        Runtimes second = new Runtimes();
        for (int i = 0; i < values.length; i++) {
            all.add(values[i]);
            (i % 3 == 0 ? first : second).add(values[i]);
        }
        Runtimes merged = new Runtimes();
        merged.addAll(first);
        merged.addAll(second);

        assertThat(merged.binCounts()).isEqualTo(all.binCounts());
        assertThat(merged.min()).isEqualTo(all.min());
        assertThat(merged.max()).isEqualTo(all.max());
        assertThat(merged.quantile(0.5)).isEqualTo(all.quantile(0.5));
        assertThat(Runtimes.of(all.count(), all.sum(), all.min(), all.max(), all.binCounts())).isEqualTo(all);
        assertThat(new Runtimes().quantile(0.5)).isZero();
        assertThat(Runtimes.of(0, 0, 0, 0, new long[0])).isEqualTo(new Runtimes());
    }

    @Test
    void binsThatDoNotHoldItsValuesAreRefused() {
        assertThatThrownBy(() -> Runtimes.of(3, 3, 1, 1, new long[] {0, 2})).hasMessageContaining("hold 2 values, not 3");
        assertThatThrownBy(() -> Runtimes.of(1, 1, 1, 1, new long[] {0})).hasMessageContaining("odd");
        assertThatThrownBy(() -> Runtimes.of(0, 0, 0, 0, new long[] {0, 0})).hasMessageContaining("count 0");
    }

    @Test
    void aNegativeRunTimeFromClocksThatDisagreeCountsAsNothing() {
        Runtimes r = new Runtimes();
        r.add(-0.25);
        r.add(2);
        assertThat(r.min()).isZero();
        assertThat(r.quantile(0)).as("within a millisecond").isCloseTo(0, within(0.001));
        assertThat(r.quantile(0.5)).isCloseTo(2, within(0.02));
    }
}
