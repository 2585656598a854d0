package dev.scatter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.gather.Gatherer;
import dev.scatter.core.input.InputOptions;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunBusyException;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.RetryRequest;
import dev.scatter.core.run.RunListener;
import dev.scatter.core.run.RunOptions;
import dev.scatter.core.run.Runs;
import dev.scatter.core.spi.Backend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's lifecycle ({@link Runs}) driven without the CLI, on this machine's real backend: what
 * {@code scatter run --retries}, {@code retry --escalate}, {@code then}, {@code cancel} and
 * {@code resume} do, and the events a caller is told.
 */
class RunsOnThisMachineTest {

    @TempDir
    Path dir;

    /** Every event a verb told, in order. */
    private static final class Events implements RunListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void created(RunDir run, dev.scatter.core.plan.PreparedRun prepared, Backend backend) {
            seen.add("created " + run.spec().id() + " on " + backend.name());
        }

        @Override
        public void retryRound(RunDir run, int round, int rounds, List<AttemptDir> attempts) {
            seen.add("round " + round + "/" + rounds);
        }

        @Override
        public void retrying(RunDir run, List<AttemptDir> attempts) {
            seen.add("retrying " + attempts.size());
        }

        @Override
        public void resuming(dev.scatter.core.model.RunStatus status) {
            seen.add("resuming");
        }
    }

    private Runs runs() {
        return new Runs(dir, new LocalOnlyCatalog());
    }

    private RunRequest request(String range, Resources r, Optional<String> before, Optional<String> then, String command) {
        return new RunRequest(dir, new InputOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(range),
                List.of(), Optional.empty()), List.of(command), r, ChunkSize.of(1), Optional.empty(), true, Optional.empty(),
                false, before, then, Optional.empty(), "local", false, Map.of());
    }

    private Outcome run(Runs runs, RunRequest request, RunOptions options, Events events) {
        return runs.run(request, options, InputStream.nullInputStream(), events);
    }

    @Test
    void runRetriesWhatFailedUntilItSucceedsAndSaysEachRound() {
        Events events = new Events();
        try (Runs runs = runs()) {
            // entry 2 fails twice, then succeeds
            Outcome o = run(runs, request("1..3", Resources.defaults(), Optional.empty(), Optional.empty(),
                    "n=$(cat tries-{} 2>/dev/null || echo 0); echo $((n + 1)) > tries-{}; [ {} != 2 ] || [ $n -ge 2 ]"),
                    new RunOptions(3, false, false, false), events);
            assertThat(o).isInstanceOf(Outcome.Ended.class);
            assertThat(o.failed()).isFalse();
            assertThat(events.seen).containsExactly("created 1 on local", "round 1/3", "round 2/3");
            assertThat(runs.status(o.run()).attempts()).isEqualTo(3);
        }
    }

    @Test
    void retryEscalateDoublesTheMemoryOfWhatRanOutAndASecondRetryFindsNothing() {
        Resources small = Resources.defaults().withMemory(MemorySize.parse("100M", "--mem"));
        try (Runs runs = runs()) {
            Outcome first = run(runs, request("1..2", small, Optional.empty(), Optional.empty(),
                    "[ {} = 1 ] || python3 -c 'import time; b = bytearray(150 * 1024 * 1024); time.sleep(1)'"),
                    RunOptions.defaults(), new Events());
            RunDir run = first.run();
            assertThat(runs.status(run).entry(2).state()).isEqualTo(EntryState.OUT_OF_MEMORY);

            Events events = new Events();
            Outcome retried = runs.retry(run, new RetryRequest(RetryPlanner.DEFAULT_STATES, Optional.empty(), UnaryOperator.identity(), true,
                    Optional.empty()), events);
            assertThat(retried.failed()).isFalse();
            assertThat(events.seen).containsExactly("retrying 1");
            assertThat(run.latestAttempt().spec().resources().memory()).hasValue(MemorySize.parse("200M", "--mem"));

            Outcome nothing = runs.retry(run, new RetryRequest(RetryPlanner.DEFAULT_STATES, Optional.empty(), UnaryOperator.identity(), false,
                    Optional.empty()), new Events());
            assertThat(nothing).isInstanceOf(Outcome.NothingToDo.class);
        }
    }

    @Test
    void aFailedBeforeStepStartsNoEntryAndThenRunsByHand() throws IOException {
        try (Runs runs = runs()) {
            Outcome o = run(runs, request("1..3", Resources.defaults(), Optional.of("exit 7"), Optional.of("echo collected"),
                    "echo {} >> ran"), RunOptions.defaults(), new Events());
            assertThat(o.failed()).isTrue();
            assertThat(runs.status(o.run()).heldByBefore()).isTrue();
            assertThat(dir.resolve("ran")).doesNotExist();

            EntryStatus then = runs.then(o.run(), false);
            assertThat(then.state()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(new String(runs.output(o.run(), then, false), StandardCharsets.UTF_8)).isEqualTo("collected\n");
        }
    }

    @Test
    void cancellingFinishedEntriesKeepsTheirResultAndAnEntryOutsideTheRunIsRefused() {
        try (Runs runs = runs()) {
            Outcome o = run(runs, request("1..3", Resources.defaults(), Optional.empty(), Optional.empty(), "true"),
                    RunOptions.defaults(), new Events());
            assertThat(runs.cancel(o.run(), Optional.empty()).alreadyFinished()).isEqualTo(3);
            assertThat(runs.status(o.run()).allSucceeded()).isTrue();
            assertThatThrownBy(() -> runs.cancel(o.run(), Optional.of(Set.of(4))))
                    .isInstanceOf(UsageException.class).hasMessage("entry 4 is not in this run: it has entries 1 to 3");
            assertThat(runs.resume(o.run(), false, false, new Events())).isInstanceOf(Outcome.NothingToDo.class);
        }
    }

    @Test
    void aRetryWhileAnotherCommandChangesTheRunIsRefusedAndWritesNothing() {
        try (Runs runs = runs()) {
            Outcome o = run(runs, request("1..2", Resources.defaults(), Optional.empty(), Optional.empty(), "exit 1"),
                    RunOptions.defaults(), new Events());
            int attempts = o.run().attempts().size();
            try (RunLock held = RunLock.acquire(o.run(), "a test")) {
                assertThatThrownBy(() -> runs.retry(o.run(), new RetryRequest(RetryPlanner.DEFAULT_STATES,
                        Optional.empty(), UnaryOperator.identity(), false, Optional.empty()), new Events()))
                        .isInstanceOf(RunBusyException.class).hasMessageContaining("is busy");
            }
            assertThat(o.run().attempts()).hasSize(attempts);
        }
    }

    @Test
    void gatherCountsWhatItLeftOutAndNamesTheFirstOnly() {
        try (Runs runs = runs()) {
            Outcome o = run(runs, request("1..30", Resources.defaults(), Optional.empty(), Optional.empty(),
                    "if [ {} = 2 ]; then echo {}; else exit 3; fi"), RunOptions.defaults(), new Events());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Runs.Gathered g = runs.gather(o.run(), out, false);

            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("2\n");
            assertThat(g.result().gathered()).isEqualTo(1);
            assertThat(g.result().missing()).isEqualTo(29);
            assertThat(g.result().firstMissing()).hasSize(Gatherer.NAMED).extracting(EntryStatus::entry)
                    .startsWith(1, 3, 4).endsWith(21);
        }
    }

    @Test
    void gatherWritesEveryEntryInInputOrder() {
        try (Runs runs = runs()) {
            Outcome o = run(runs, request("1..20", Resources.defaults(), Optional.empty(), Optional.empty(),
                    "sleep 0.0$(( 21 - {} % 10 )); echo {}"), RunOptions.defaults(), new Events());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Runs.Gathered g = runs.gather(o.run(), out, false);
            assertThat(g.result().missing()).isZero();
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 20; i++) {
                expected.append(i).append('\n');
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        }
    }

    @Test
    void badInputWritesNothing() throws IOException {
        try (Runs runs = runs()) {
            assertThatThrownBy(() -> run(runs, request("1..3", Resources.defaults(), Optional.empty(), Optional.empty(),
                    "echo {3}"), RunOptions.defaults(), new Events())).isInstanceOf(UsageException.class);
            assertThatThrownBy(() -> new RunOptions(-1, false, false, false)).isInstanceOf(UsageException.class);
        }
        assertThat(Files.exists(dir.resolve(".scatter/runs/1"))).isFalse();
    }
}
