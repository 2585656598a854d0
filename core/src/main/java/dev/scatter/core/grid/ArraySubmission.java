package dev.scatter.core.grid;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One array to submit: tasks {@code firstTask … lastTask} of an attempt as array indices
 * {@code 0 … size-1}, the task number being {@code index + offset}.
 *
 * @param number     the array's number within its attempt (0, 1, …; also in the job name)
 * @param firstTask  the attempt's first task in this array (= the index offset)
 * @param lastTask   the attempt's last task in this array
 * @param jobName    the unique name the submission is found by if its id was never recorded
 * @param maxRunning at most this many of its tasks at once ({@code %N}), or empty
 * @param after      start only after this array ended (keeps --max-running across arrays), or empty
 * @param afterOk    start only after these jobs succeeded (the run's --before step; for the --then
 *                   step, the arrays it collects); empty for none
 * @param script     the attempt's {@code task.sh}
 * @param workdir    the directory to submit from (the run's working directory)
 */
public record ArraySubmission(int number, int firstTask, int lastTask, String jobName, Optional<Integer> maxRunning,
                              Optional<String> after, List<String> afterOk, Path script, Path workdir) {

    public ArraySubmission {
        afterOk = List.copyOf(afterOk);
        if (lastTask < firstTask) {
            throw new IllegalArgumentException("an array needs at least one task: " + firstTask + "-" + lastTask);
        }
    }

    public int size() {
        return lastTask - firstTask + 1;
    }

    /** Added to the array index to get the task number ({@code SCATTER_INDEX_OFFSET}). */
    public int offset() {
        return firstTask;
    }

    public ArraySubmission withoutAfter() {
        return new ArraySubmission(number, firstTask, lastTask, jobName, maxRunning, Optional.empty(), afterOk, script, workdir);
    }
}
