package dev.scatter.core.grid;

import dev.scatter.core.model.TaskMeasurement;

/**
 * One array task's measured usage as {@link GridScheduler#parseUsage} reads it.
 *
 * @param arrayId the array's job id
 * @param index   the task's array index
 * @param usage   what the scheduler measured
 */
public record MeasuredTask(String arrayId, int index, TaskMeasurement usage) {
}
