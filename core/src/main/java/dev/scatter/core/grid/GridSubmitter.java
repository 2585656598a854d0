package dev.scatter.core.grid;

import dev.scatter.core.BackendException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.spi.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Submits an attempt's tasks as arrays: idempotent, and safe when the client is killed at any
 * moment. Called with the attempt's submit lock held.
 *
 * <ol>
 *   <li>Intents without an id (a client died between the submit command and writing the id, or
 *       the controller timed out) are looked up by job name: live listing first, then
 *       accounting. Found → the id is recorded; not found → the intent is marked absent.</li>
 *   <li>Tasks in no submitted array and without final records are cut into contiguous arrays
 *       of at most MaxArraySize tasks (the index bound), each with its offset.</li>
 *   <li>Each array: intent line, submit command, id line. A submit limit is not an error: the
 *       array is halved until it fits, and when not even one task fits, the rest waits for room
 *       (a later call submits it). A rejection stops with what to change.</li>
 * </ol>
 */
final class GridSubmitter {

    private final GridScheduler scheduler;
    private final SchedulerCalls calls;

    GridSubmitter(GridScheduler scheduler, SchedulerCalls calls) {
        this.scheduler = scheduler;
        this.calls = calls;
    }

    /** What one call did, for callers and tests. */
    record Result(int arraysSubmitted, int tasksSubmitted, Optional<String> waitingForRoom) {
    }

    Result submit(RunDir run, AttemptDir attempt, SchedulerLimits limits) {
        AttemptSpec spec = attempt.spec();
        Optional<StepOrder.Dependencies> deps = StepOrder.dependencies(run, attempt);
        if (deps.isEmpty()) {
            return new Result(0, 0, Optional.empty());   // not now: see StepOrder
        }
        Path workdir = run.spec().workdir();
        Submissions subs = Submissions.read(attempt);
        confirm(attempt, subs, workdir, limits);
        Deque<int[]> todo = new ArrayDeque<>(plan(attempt, spec, subs, limits.maxArraySize()));
        Optional<Integer> maxRunning = spec.resources().maxRunning();
        // --max-running bounds the run, not each array: a later array starts after the one before it
        Optional<String> previous = maxRunning.isPresent() ? subs.lastSubmittedId() : deps.get().afterAny();
        int arrays = 0;
        int tasks = 0;
        while (!todo.isEmpty()) {
            int[] range = todo.pop();
            int k = subs.nextNumber();
            String name = jobName(run, attempt, k);
            subs.appendIntent(k, range[0], range[1], name);
            ArraySubmission array = new ArraySubmission(k, range[0], range[1], name, maxRunning, previous,
                    deps.get().afterOk(), attempt.jobScript(run.spec()), workdir);
            SubmitOutcome outcome = submitOne(array, workdir);
            if (outcome instanceof SubmitOutcome.Accepted a) {
                subs.appendId(k, a.jobId());
                arrays++;
                tasks += array.size();
                if (maxRunning.isPresent()) {
                    previous = Optional.of(a.jobId());
                }
            } else if (outcome instanceof SubmitOutcome.LimitReached l) {
                subs.appendLimited(k, l.reason());
                if (array.size() == 1) {
                    return new Result(arrays, tasks, Optional.of(l.reason()));
                }
                int half = range[0] + array.size() / 2;
                todo.push(new int[] {half, range[1]});
                todo.push(new int[] {range[0], half - 1});
            } else if (outcome instanceof SubmitOutcome.Rejected r) {
                subs.appendRejected(k, r.hint());
                throw new BackendException(r.hint());
            }
        }
        return new Result(arrays, tasks, Optional.empty());
    }

    /** One array: the submit command, tried again on transient errors after making sure it did not get through. */
    private SubmitOutcome submitOne(ArraySubmission array, Path workdir) {
        Backoff backoff = Backoff.of(calls.tuning());
        String last = "";
        for (int tryNo = 1; ; tryNo++) {
            try {
                List<String> argv = scheduler.submitCommand(array);
                CommandResult r = calls.once(argv, workdir);
                SubmitOutcome outcome = r == null ? new SubmitOutcome.Transient(calls.noAnswer()) : scheduler.parseSubmit(r);
                if (outcome instanceof SubmitOutcome.DependencyRefused refused) {
                    if (array.after().isEmpty()) {
                        // a step it must wait for (afterok) ended and was forgotten while we submitted:
                        // the next start reads from the ledger whether it succeeded
                        throw new BackendException("[" + scheduler.name() + "] array " + array.number() + " (tasks "
                                + array.firstTask() + "-" + array.lastTask() + ") was not submitted: the scheduler no longer"
                                + " knows a job it must wait for (" + refused.message() + ")\n  `scatter resume` submits it"
                                + " once the step it waits for has recorded its result");
                    }
                    array = array.withoutAfter();   // the array it waited for is gone: nothing to wait for
                    continue;
                }
                if (!(outcome instanceof SubmitOutcome.Transient t)) {
                    return outcome;
                }
                last = r == null ? t.message() : r.describeFailure(argv.get(0) + " failed (transient)");
                // "Socket timed out" may come after the controller accepted the job: look before submitting again
                Optional<String> found = lookUp(List.of(array.jobName()), workdir).get(array.jobName());
                if (found != null && found.isPresent()) {
                    return new SubmitOutcome.Accepted(found.get());
                }
                if (tryNo >= calls.tuning().attempts()) {
                    throw new BackendException("[" + scheduler.name() + "] array " + array.number() + " (tasks "
                            + array.firstTask() + "-" + array.lastTask() + ") could not be submitted: the scheduler did not answer after "
                            + tryNo + " tries\n" + last + "\n  nothing is lost: `scatter resume` checks what reached the scheduler and submits the rest");
                }
                backoff.pause();
            } catch (SchedulerCalls.Unanswered e) {
                throw unconfirmed(array, e.last());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while submitting array " + array.number() + "; `scatter resume` continues");
            }
        }
    }

    /** Resolves intents without an id by their job names; throws when the scheduler cannot tell. */
    void confirm(AttemptDir attempt, Submissions subs, Path workdir, SchedulerLimits limits) {
        List<Submissions.Array> open = subs.with(Submissions.Status.UNCONFIRMED);
        if (open.isEmpty()) {
            return;
        }
        List<String> names = open.stream().map(Submissions.Array::name).toList();
        Instant since = open.stream().map(Submissions.Array::at).min(Instant::compareTo).orElse(Instant.EPOCH)
                .minus(Duration.ofHours(1));
        Map<String, Optional<String>> found = new HashMap<>();
        try {
            found.putAll(lookUp(names, workdir));
            List<String> missing = names.stream().filter(n -> found.get(n).isEmpty()).toList();
            if (limits.accounting() && !missing.isEmpty()) {
                // gone from the live listing already (ran and was purged): accounting still has it
                found.putAll(lookUpInAccounting(missing, since, workdir));
            }
        } catch (SchedulerCalls.Unanswered e) {
            throw unconfirmed(open.get(0), e.last());
        }
        for (Submissions.Array a : open) {
            Optional<String> id = found.getOrDefault(a.name(), Optional.empty());
            if (id.isPresent()) {
                subs.appendId(a.number(), id.get());
            } else {
                subs.appendAbsent(a.number());
            }
        }
    }

    /** Job name → array id from the live listing ({@code Optional.empty()} when not listed). */
    private Map<String, Optional<String>> lookUp(List<String> names, Path workdir)
            throws SchedulerCalls.Unanswered {
        Map<String, Optional<String>> out = new HashMap<>();
        names.forEach(n -> out.put(n, Optional.empty()));
        CommandResult r = calls.retrying(scheduler.statusCommand(Selector.names(names, Instant.EPOCH)), workdir);
        Query q = scheduler.parseStatus(r);
        if (q instanceof Query.Answer a) {
            for (TaskInfo t : a.tasks()) {
                if (out.containsKey(t.name())) {
                    out.put(t.name(), Optional.of(t.arrayId()));
                }
            }
            return out;
        }
        throw new SchedulerCalls.Unanswered(r.describeFailure("looking up submissions by name failed"));
    }

    private Map<String, Optional<String>> lookUpInAccounting(List<String> names, Instant since, Path workdir)
            throws SchedulerCalls.Unanswered {
        Map<String, Optional<String>> out = new HashMap<>();
        CommandResult r = calls.retrying(scheduler.accountingCommand(Selector.names(names, since)), workdir);
        Query q = scheduler.parseAccounting(r);
        if (q instanceof Query.Answer a) {
            for (TaskInfo t : a.tasks()) {
                if (names.contains(t.name())) {
                    out.put(t.name(), Optional.of(t.arrayId()));
                }
            }
            return out;
        }
        if (q instanceof Query.Unavailable) {
            return out;   // no accounting: only the live listing can tell
        }
        throw new SchedulerCalls.Unanswered(r.describeFailure("looking up submissions in accounting failed"));
    }

    private BackendException unconfirmed(Submissions.Array a, String last) {
        return unconfirmed(a.number(), last);
    }

    private BackendException unconfirmed(ArraySubmission a, String last) {
        return unconfirmed(a.number(), last);
    }

    private BackendException unconfirmed(int number, String last) {
        return new BackendException("[" + scheduler.name() + "] cannot tell whether array " + number
                + " reached the scheduler: it does not answer\n" + last
                + "\n  nothing is submitted twice: `scatter resume` looks it up by name and continues");
    }

    /**
     * Contiguous ranges of tasks that are in no submitted array and have no final records, each
     * at most {@code maxArraySize} tasks long (indices 0 … maxArraySize-1).
     */
    static List<int[]> plan(AttemptDir attempt, AttemptSpec spec, Submissions subs, int maxArraySize) {
        List<int[]> ranges = new ArrayList<>();
        int start = -1;
        int n = spec.taskCount();
        for (int t = 0; t < n; t++) {
            boolean todo = subs.submittedArrayOf(t).isEmpty() && !finished(attempt, spec, t);
            if (todo) {
                if (start < 0) {
                    start = t;
                }
                if (t - start + 1 == maxArraySize) {
                    ranges.add(new int[] {start, t});
                    start = -1;
                }
            } else if (start >= 0) {
                ranges.add(new int[] {start, t - 1});
                start = -1;
            }
        }
        if (start >= 0) {
            ranges.add(new int[] {start, n - 1});
        }
        return ranges;
    }

    /** A task whose every entry has a result, or which was ended from outside (K record). */
    static boolean finished(AttemptDir attempt, AttemptSpec spec, int task) {
        ResultFile r = ResultFile.read(attempt.results(task));
        return r.taskKill().isPresent() || r.ended().keySet().containsAll(spec.plan().task(task));
    }

    /** {@code sc-<run>-<attempt>-<array>-<token prefix>}: unique, so a lost id can be found by name. */
    static String jobName(RunDir run, AttemptDir attempt, int array) {
        return jobName(run.spec().id(), attempt.number(), array, run.spec().token());
    }

    static String jobName(String runId, int attempt, int array, String token) {
        String id = runId.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (id.length() > 40) {
            id = id.substring(id.length() - 40);
        }
        return "sc-" + id + "-" + attempt + "-" + array + "-" + token.substring(0, Math.min(6, token.length()));
    }
}
