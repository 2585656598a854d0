package dev.scatter.sim.pbs;

import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;

/**
 * One record qstat prints (OpenPBS and Torque alike): a plain job, a subjob, or an array parent,
 * which has no task of its own.
 */
record QstatRow(SimJob job, SimTask task, boolean parent) {

    /** A plain job's single task, or one subjob. */
    static QstatRow of(SimTask task) {
        return new QstatRow(task.job(), task, false);
    }

    /** The array itself ({@code 9[]}). */
    static QstatRow parent(SimJob array) {
        return new QstatRow(array, null, true);
    }

    String id(PbsDialect d) {
        return parent ? d.arrayId(job) : d.taskId(task);
    }

    /** The S column and job_state: a parent's letter follows its subjobs. */
    String stateLetter(PbsDialect d) {
        return parent ? d.parentStateLetter(job) : d.stateLetter(task);
    }
}
