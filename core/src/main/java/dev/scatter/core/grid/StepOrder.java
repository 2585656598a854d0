package dev.scatter.core.grid;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The order of a run's parts on a cluster, kept by the scheduler so the user can log out: the
 * entries' arrays wait ({@code afterok}) for the {@code --before} job, the {@code --then} job
 * waits for every array still holding an entry without success, and a {@code --task-time} run's
 * sizing job for the first wave to end however it ended ({@code afterany}). Read from the ledger
 * alone (the wrapper's records and the submissions), so it costs no scheduler call.
 */
final class StepOrder {

    /**
     * What an attempt waits for.
     *
     * @param afterOk  jobs that must succeed first
     * @param afterAny jobs that must end first, however they end (ids joined by {@code :}), or empty
     */
    record Dependencies(List<String> afterOk, Optional<String> afterAny) {
        static Dependencies ok(List<String> ids) {
            return new Dependencies(ids, Optional.empty());
        }
    }

    private StepOrder() {
    }

    /**
     * The job ids {@code attempt} must wait for; empty when it must not be submitted now (its
     * before step failed or is not submitted yet; for the then step, an entry failed: a retry
     * submits it again, with the new arrays to wait for).
     */
    static Optional<Dependencies> dependencies(RunDir run, AttemptDir attempt) {
        AttemptSpec spec = attempt.spec();
        if (spec.reason().equals(AttemptSpec.SIZE)) {
            List<String> wave = ids(run.initialAttempt());
            return wave.isEmpty() ? Optional.empty() : Optional.of(new Dependencies(List.of(), Optional.of(String.join(":", wave))));
        }
        return afterOk(run, attempt).map(Dependencies::ok);
    }

    private static Optional<List<String>> afterOk(RunDir run, AttemptDir attempt) {
        AttemptSpec spec = attempt.spec();
        if (spec.reason().equals(AttemptSpec.BEFORE)) {
            return Optional.of(List.of());
        }
        if (spec.reason().equals(AttemptSpec.THEN)) {
            return thenDependencies(run);
        }
        Optional<AttemptDir> before = run.latestAttempt(AttemptSpec.BEFORE);
        if (before.isEmpty()) {
            return Optional.of(List.of());
        }
        AttemptResults r = AttemptResults.read(before.get());
        if (r.ended(0).isPresent()) {
            return r.ended(0).get().exitCode() == 0 ? Optional.of(List.of()) : Optional.empty();
        }
        if (r.killed(0, 0).isPresent()) {
            return Optional.empty();
        }
        List<String> ids = ids(before.get());
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
    }

    private static Optional<List<String>> thenDependencies(RunDir run) {
        Set<String> ids = new LinkedHashSet<>();
        int n = run.spec().entryCount();
        boolean[] decided = new boolean[n + 1];
        List<AttemptDir> attempts = new ArrayList<>(run.attempts());
        java.util.Collections.reverse(attempts);   // latest attempt of each entry decides
        for (AttemptDir a : attempts) {
            AttemptSpec spec = a.spec();
            if (spec.isStep() || !a.isComplete()) {
                continue;
            }
            AttemptResults r = AttemptResults.read(a);
            Submissions subs = Submissions.read(a);
            for (int t = 0; t < spec.taskCount(); t++) {
                for (int e : spec.plan().task(t)) {
                    if (decided[e]) {
                        continue;
                    }
                    decided[e] = true;
                    var end = r.ended(e);
                    if (end.isPresent() && end.get().exitCode() == 0) {
                        continue;
                    }
                    if (end.isPresent() || r.killed(e, t).isPresent() || r.isCancelled(e)) {
                        return Optional.empty();   // failed: the then step would never run
                    }
                    Optional<Submissions.Array> array = subs.submittedArrayOf(t);
                    if (array.isEmpty() || array.get().id().isEmpty()) {
                        return Optional.empty();   // not submitted yet: a later call submits the step
                    }
                    ids.add(array.get().id().get());
                }
            }
        }
        for (int e = 1; e <= n; e++) {
            if (!decided[e]) {
                return Optional.empty();   // not planned yet (--task-time)
            }
        }
        return Optional.of(List.copyOf(ids));
    }

    private static List<String> ids(AttemptDir attempt) {
        return Submissions.read(attempt).with(Submissions.Status.SUBMITTED).stream()
                .map(a -> a.id().orElseThrow()).toList();
    }
}
