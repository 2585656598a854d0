package dev.scatter.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Entry numbers as ranges: what they hold, however they were added. */
class EntryRangesTest {

    @Test
    void numbersAddedInOrderJoinAsTheyComeAndAnswerMembership() {
        EntryRanges.Builder b = new EntryRanges.Builder();
        for (int e = 1; e <= 1_000_000; e++) {
            if (e % 1000 != 500) {   // a hole in every thousand
                b.add(e, e);
            }
        }
        EntryRanges r = b.build();

        assertThat(r.size()).isEqualTo(999_000);
        assertThat(r.toString()).startsWith("1-499,501-1499,1501-");
        assertThat(r.contains(1)).isTrue();
        assertThat(r.contains(499)).isTrue();
        assertThat(r.contains(500)).isFalse();
        assertThat(r.contains(501)).isTrue();
        assertThat(r.contains(1_000_000)).isTrue();
        assertThat(r.contains(0)).isFalse();
        assertThat(r.contains(1_000_001)).isFalse();
    }

    @Test
    void rangesInAnyOrderOverlappingOrRepeatedAreTheSetTheyCover() {
        EntryRanges r = new EntryRanges.Builder().add(20, 30).add(5, 5).add(1, 3).add(25, 40).add(4, 4).add(41, 41).add(2, 2)
                .add(100, 100).build();

        assertThat(r.toString()).isEqualTo("1-5,20-41,100");
        assertThat(r).isEqualTo(EntryRanges.of(List.of(100, 1, 2, 3, 4, 5, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
                33, 34, 35, 36, 37, 38, 39, 40, 41, 3)));
        assertThat(r.size()).isEqualTo(28);
        assertThat(r.contains(6)).isFalse();
        assertThat(r.contains(19)).isFalse();
        assertThat(r.contains(20)).isTrue();
        assertThat(EntryRanges.of(List.of())).isSameAs(EntryRanges.NONE);
        assertThat(EntryRanges.NONE.isEmpty()).isTrue();
        assertThat(EntryRanges.NONE.contains(1)).isFalse();
        assertThatThrownBy(() -> new EntryRanges.Builder().add(3, 2)).hasMessageContaining("3-2");
    }
}
