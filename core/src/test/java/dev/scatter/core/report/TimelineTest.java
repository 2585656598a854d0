package dev.scatter.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.TaskSummary;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static EntryStatus ran(int entry, int attempt, int task, String host, EntryState state, double start, double end) {
        return new EntryStatus(entry, attempt, task, "", state, OptionalInt.empty(), OptionalDouble.of(start), OptionalDouble.of(end),
                host, "");
    }

    @Test
    void a_task_from_its_summary_is_the_task_from_its_entries() {
        List<EntryStatus> entries = List.of(
                new EntryStatus(1, 1, 0, "0", EntryState.SUCCEEDED, OptionalInt.of(0), OptionalDouble.of(10), OptionalDouble.of(12),
                        "n1", "", OptionalDouble.of(1.5)),
                new EntryStatus(2, 1, 0, "0", EntryState.FAILED, OptionalInt.of(2), OptionalDouble.of(9), OptionalDouble.of(15),
                        "n1", "exit 2", OptionalDouble.of(0.25)),
                new EntryStatus(3, 1, 0, "0", EntryState.SUCCEEDED, OptionalInt.of(0), OptionalDouble.of(15), OptionalDouble.of(16),
                        "n1", "", OptionalDouble.of(1)));
        Timeline fromEntries = new Timeline(100);
        entries.forEach(fromEntries::entry);
        Timeline fromSummary = new Timeline(100);
        fromSummary.summarized(TaskSummary.of(1, 0, entries));

        assertThat(fromSummary.spans()).isEqualTo(fromEntries.spans()).singleElement().satisfies(s -> {
            assertThat(s.start()).as("the failure began first").isEqualTo(9);
            assertThat(s.end()).isEqualTo(16);
            assertThat(s.cpuSeconds()).hasValue(2.75);
            assertThat(s.state()).isEqualTo(EntryState.FAILED);
            assertThat(s.entries()).isEqualTo(3);
            assertThat(s.failed()).isEqualTo(1);
        });
    }

    @Test
    void a_task_spans_its_entries_and_takes_its_worst_state() {
        Timeline t = new Timeline(100);
        t.entry(ran(1, 1, 0, "n1", EntryState.SUCCEEDED, 10, 12));
        t.entry(ran(2, 1, 0, "n1", EntryState.FAILED, 12, 15));
        t.entry(ran(3, 1, 0, "n1", EntryState.SUCCEEDED, 15, 16));

        assertThat(t.spans()).singleElement().satisfies(s -> {
            assertThat(s.start()).isEqualTo(10);
            assertThat(s.end()).isEqualTo(16);
            assertThat(s.state()).isEqualTo(EntryState.FAILED);
            assertThat(s.entries()).isEqualTo(3);
            assertThat(s.failed()).isEqualTo(1);
        });
    }

    @Test
    void tasks_at_once_on_one_host_take_separate_lanes_and_a_free_lane_is_reused() {
        Timeline t = new Timeline(100);
        t.entry(ran(1, 1, 0, "n1", EntryState.SUCCEEDED, 0, 10));
        t.entry(ran(2, 1, 1, "n1", EntryState.SUCCEEDED, 1, 5));
        t.entry(ran(3, 1, 2, "n1", EntryState.SUCCEEDED, 6, 9));    // lane 1 is free again at 5
        t.entry(ran(4, 1, 3, "n2", EntryState.SUCCEEDED, 2, 3));    // another host: lanes after n1's

        List<TaskSpan> spans = t.spans();

        assertThat(spans).extracting(TaskSpan::task, TaskSpan::lane)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0), org.assertj.core.groups.Tuple.tuple(1, 1),
                        org.assertj.core.groups.Tuple.tuple(3, 2), org.assertj.core.groups.Tuple.tuple(2, 1));
        assertThat(Timeline.laneLabels(spans)).containsExactly("n1 #1", "n1 #2", "n2");
    }

    @Test
    void a_task_still_running_ends_at_the_report_time_and_one_that_never_began_is_left_out() {
        Timeline t = new Timeline(50);
        t.entry(new EntryStatus(1, 2, 0, "", EntryState.RUNNING, OptionalInt.empty(), OptionalDouble.of(40), OptionalDouble.empty(),
                "n1", ""));
        t.entry(new EntryStatus(2, 2, 1, "", EntryState.QUEUED, OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                "", ""));

        assertThat(t.spans()).singleElement().satisfies(s -> {
            assertThat(s.attempt()).isEqualTo(2);
            assertThat(s.end()).isEqualTo(50);
            assertThat(s.state()).isEqualTo(EntryState.RUNNING);
        });
    }

    @Test
    void the_same_task_number_in_two_attempts_is_two_spans() {
        Timeline t = new Timeline(100);
        t.entry(ran(7, 1, 0, "n1", EntryState.OUT_OF_MEMORY, 0, 4));
        t.entry(ran(7, 2, 0, "n1", EntryState.SUCCEEDED, 5, 9));

        assertThat(t.spans()).extracting(TaskSpan::attempt, TaskSpan::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, EntryState.OUT_OF_MEMORY), org.assertj.core.groups.Tuple.tuple(2, EntryState.SUCCEEDED));
    }
}
