package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** One scenario's working directory on one {@link Target}, and the packaged CLI run in it. */
final class Workspace {

    /** A retry on the real cluster queues one-entry jobs behind nothing: a minute is plenty; slack for load. */
    private static final Duration SCHEDULER_AT_MOST = Duration.ofMinutes(3);

    final Target target;
    final Path dir;
    private final ScatterCli cli;

    Workspace(Target target, Path dir, ScatterCli cli) {
        this.target = target;
        this.dir = dir;
        this.cli = cli;
    }

    /**
     * {@code scatter run} on the target, returning when the run has ended: local and simulated
     * runs always do; {@code --wait} makes a real cluster's run follow the scheduler too.
     */
    ScatterCli.Result runToTheEnd(String... options) {
        List<String> argv = new ArrayList<>(List.of("run"));
        argv.addAll(target.runOptions());
        argv.add("--wait");
        argv.addAll(List.of(options));
        return cli.run(argv.toArray(String[]::new));
    }

    /** Any other scatter command, in this directory. */
    ScatterCli.Result scatter(String... args) {
        return cli.run(args);
    }

    /** {@code scatter gather}, which must succeed. */
    String gather() {
        ScatterCli.Result gather = cli.run("gather");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        return gather.stdout();
    }

    /** {@code scatter status --json --all}: exit 0 when all succeeded, 1 otherwise. */
    JsonNode status() {
        return cli.statusJson();
    }

    /**
     * Polls {@link #status()} until {@code done} holds and returns that status. Commands such as
     * {@code retry} return once submitted on a real cluster, but only after the end locally or on a
     * simulated cluster, where the first poll already holds.
     */
    JsonNode awaitStatus(String what, Predicate<JsonNode> done) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await(what + " on " + target).atMost(SCHEDULER_AT_MOST).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    last.set(status());
                    return done.test(last.get());
                });
        return last.get();
    }

    /** {@link #awaitStatus} until every entry and step succeeded. */
    JsonNode awaitAllSucceeded(String what) {
        return awaitStatus(what, s -> s.path("all_succeeded").asBoolean());
    }
}
