package dev.scatter.sim.pbs;

import java.util.List;

/**
 * An array request: the indices, the {@code %N} throttle (0 = none), and the range as the
 * server prints it in {@code array_indices_submitted}.
 */
record PbsArraySpec(List<Integer> indices, int throttle, String rangeText) {

    PbsArraySpec {
        indices = List.copyOf(indices);
    }
}
