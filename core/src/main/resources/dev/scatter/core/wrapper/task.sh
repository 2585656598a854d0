#!/bin/bash
@@HEADER@@
# scatter task wrapper for run @@RUN_ID@@, attempt @@ATTEMPT@@ (generated; do not edit).
# The same script runs under SLURM, PBS and the local backend: only the header above differs.
# It runs the entries of one task and appends, per entry, a begin and an end record to
# tasks/T.res; those records, not the scheduler, decide each entry's exit code.
__sc_dir=@@ATTEMPT_DIR@@
__sc_token=@@TOKEN@@
__sc_cpus=@@CPUS@@

export SCATTER_RUN=@@RUN_ID@@ SCATTER_RUN_DIR=@@RUN_DIR@@ SCATTER_ATTEMPT=@@ATTEMPT@@ SCATTER_CPUS=$__sc_cpus
@@THREAD_GUARD@@
# Every entry runs in the directory scatter was started in (PBS starts jobs in $HOME).
cd @@WORKDIR@@ || { echo "scatter: cannot cd to @@WORKDIR@@ on $HOSTNAME" >&2; exit 96; }

# A private temporary directory for each task (each worker, on the local backend), under the
# TMPDIR the scheduler gives (node-local where the site provides one): tools that write fixed
# temp file names do not collide across parallel tasks. Removed at the end unless --keep-tmp.
__sc_keep_tmp=@@KEEP_TMP@@
__sc_mktmp() {
    __sc_tmp="${TMPDIR:-/tmp}/scatter-$SCATTER_RUN-$1-$$"
    mkdir -p -m 700 "$__sc_tmp" || { echo "scatter: cannot create $__sc_tmp on ${HOSTNAME:-this host}" >&2; exit 95; }
    export TMPDIR=$__sc_tmp SCATTER_TMPDIR=$__sc_tmp
}
__sc_rmtmp() {
    [ "$__sc_keep_tmp" = 1 ] || [ -z "${__sc_tmp:-}" ] || rm -rf "$__sc_tmp"
}
trap __sc_rmtmp EXIT
trap 'exit 143' TERM

__sc_now() {
    if [ -n "${EPOCHREALTIME:-}" ]; then __sc_t=$EPOCHREALTIME; else printf -v __sc_t '%(%s)T' -1; fi
}

# A record or marker the file system refused (no space left on device, a quota): the entry's
# output may be cut short, so no E record judges it; the wrapper stops with exit 94, naming the
# file (a worker tells its executor on stdout), and scatter resume runs the entry again. Each
# write below sends its own error message (bash's, with the system's reason) to stdout first.
__sc_unwritable() {
    if [ -n "${SCATTER_WORKER:-}" ]; then
        printf 'W %s\n' "$1"
    else
        echo "scatter: cannot write $1 on ${HOSTNAME:-this host}: stopping (exit 94)" >&2
    fi
    exit 94
}

# Opens the output and result files named $1: a scheduler task's own number, or a local
# worker's wS-G (one set of files for all the tasks that worker runs).
__sc_open() {
    __sc_files="$__sc_dir/tasks/$1"
    exec 3>>"$__sc_files.out" 4>>"$__sc_files.err" 5>>"$__sc_files.res" || __sc_unwritable "$__sc_files.{out,err,res}"
}

# What it records per entry is its wall time (B and E carry the clock) and its CPU time (a C record:
# bash's `time` keyword, user and system seconds of the entry's subshell and every process it waited
# for, from getrusage(RUSAGE_CHILDREN) before and after: no process, no file). Not its memory: bash
# cannot read a finished child's peak (ru_maxrss is not exposed), /usr/bin/time is missing on many
# nodes, a cgroup's memory.peak covers the whole job (cgroup v2 on kernel 5.19+ only, and reset by
# nothing between entries), and sampling /proc while a command runs would cost a process per sample.
# So peak memory is the scheduler's, per task (sacct MaxRSS, PBS resources_used.mem, read by
# `status --resources`), and the local executor's own sampling of each task's process tree.
# The user's own TIMEFORMAT (if any) is put back inside the entry's subshell.
__sc_user_tf=${TIMEFORMAT-} __sc_user_has_tf=${TIMEFORMAT+1}
# Runs task $1; its entries arrive on stdin as NUL-terminated "ENTRY COMMAND" records and end at
# EOF or at an empty record. Each entry's output goes between marker lines that carry the run's
# token; each command runs in a subshell with stdin from /dev/null and without our descriptors.
__sc_run_task() {
    __sc_ok=0 __sc_bad=0
    while IFS= read -r -d '' __sc_rec && [ -n "$__sc_rec" ]; do
        __sc_e=${__sc_rec%% *}
        __sc_now
        printf 'B %s %s %s %s\n' "$__sc_e" "$__sc_t" "${HOSTNAME:-unknown}" "$$" 2>&1 >&5 || __sc_unwritable "$__sc_files.res"
        printf '\036%s B %s\n' "$__sc_token" "$__sc_e" 2>&1 >&3 || __sc_unwritable "$__sc_files.out"
        printf '\036%s B %s\n' "$__sc_token" "$__sc_e" 2>&1 >&4 || __sc_unwritable "$__sc_files.err"
        # `time` times a group around the subshell: timing a subshell itself, bash lets the subshell
        # print the report as it exits, with the command's stderr and whatever TIMEFORMAT it left.
        TIMEFORMAT="C $__sc_e %3U %3S"
        { time { (if [ -n "$__sc_user_has_tf" ]; then TIMEFORMAT=$__sc_user_tf; else unset TIMEFORMAT; fi
                  export SCATTER_ENTRY=$__sc_e SCATTER_TASK=$1; eval "${__sc_rec#* }") </dev/null >&3 2>&4 3>&- 4>&- 5>&-; }; } 2>&5
        __sc_rc=$?
        printf '\n\036%s E %s\n' "$__sc_token" "$__sc_e" 2>&1 >&3 || __sc_unwritable "$__sc_files.out"
        printf '\n\036%s E %s\n' "$__sc_token" "$__sc_e" 2>&1 >&4 || __sc_unwritable "$__sc_files.err"
        __sc_now
        printf 'E %s %s %s\n' "$__sc_e" "$__sc_rc" "$__sc_t" 2>&1 >&5 || __sc_unwritable "$__sc_files.res"
        if [ "$__sc_rc" -eq 0 ]; then __sc_ok=$((__sc_ok + 1)); else __sc_bad=$((__sc_bad + 1)); fi
    done
}

if [ -n "${SCATTER_WORKER:-}" ]; then
    # Local backend: a long-lived worker per pool slot. The executor writes a task number and its
    # records; the worker answers "D TASK SUCCEEDED FAILED" on stdout when the task is done, or
    # "W FILE" when it could not write FILE (and exits 94).
    __sc_open "w${SCATTER_SLOT:-0}-${SCATTER_GENERATION:-0}"
    __sc_mktmp "w${SCATTER_SLOT:-0}-${SCATTER_GENERATION:-0}"
    while IFS= read -r -d '' __sc_task; do
        __sc_run_task "$__sc_task"
        printf 'D %s %s %s\n' "$__sc_task" "$__sc_ok" "$__sc_bad"
    done
    exit 0
fi

# Under a scheduler: the array index (plus this array's offset) names the task; its records are
# a byte range of the attempt's commands file, found in tasks.idx (fixed-width lines).
__sc_index=${SCATTER_TASK_INDEX:-${SLURM_ARRAY_TASK_ID:-${PBS_ARRAY_INDEX:-${PBS_ARRAYID:-}}}}
if [ -z "$__sc_index" ]; then
    echo "scatter: no task index (SLURM_ARRAY_TASK_ID, PBS_ARRAY_INDEX, PBS_ARRAYID or SCATTER_TASK_INDEX)" >&2
    exit 97
fi
__sc_task=$((__sc_index + ${SCATTER_INDEX_OFFSET:-0}))
read -r __sc_off __sc_len < <(dd if="$__sc_dir/tasks.idx" bs=@@INDEX_LINE@@ skip="$__sc_task" count=1 status=none)
if [ -z "$__sc_len" ]; then
    echo "scatter: task $__sc_task is not in $__sc_dir/tasks.idx" >&2
    exit 98
fi
__sc_open "$__sc_task"
__sc_mktmp "$__sc_task"
__sc_run_task "$__sc_task" < <(dd if="$__sc_dir/commands" iflag=skip_bytes,count_bytes skip="$__sc_off" count="$__sc_len" bs=1M status=none)
# A task with a failed entry fails, so that schedulers' afterok dependencies hold back.
[ "$__sc_bad" -eq 0 ]
