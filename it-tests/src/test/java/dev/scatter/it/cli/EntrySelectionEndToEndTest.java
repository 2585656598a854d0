package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One syntax everywhere: the run positional, entries with -e/--entries, states with --state. */
class EntrySelectionEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void runPositionalEntriesOptionStatesOption() {
        ScatterCli cli = new ScatterCli(dir);
        assertThat(cli.run("run", "--range", "1..4", "--", "echo out {}; [ {} != 3 ]").exitCode()).isEqualTo(1);

        assertThat(cli.run("logs", "-e", "2").stdout()).isEqualTo("out 2\n");
        assertThat(cli.run("logs", "1", "--entries", "4").stdout()).isEqualTo("out 4\n");
        ScatterCli.Result oldLogs = cli.run("logs", "2");
        assertThat(oldLogs.exitCode()).isEqualTo(2);
        assertThat(oldLogs.stderr()).contains("which entry? give its number with --entries");
        ScatterCli.Result oldCancel = cli.run("cancel", "1", "3");
        assertThat(oldCancel.exitCode()).isEqualTo(2);
        assertThat(oldCancel.stderr().strip()).isEqualTo("scatter: '3' after the run: entries go in --entries, e.g."
                + " scatter cancel RUN --entries 3 (see scatter cancel --help)");
        ScatterCli.Result statesInEntries = cli.run("retry", "--entries", "timeout");
        assertThat(statesInEntries.exitCode()).isEqualTo(2);
        assertThat(statesInEntries.stderr()).contains("(states go in --state)");

        ScatterCli.Result nothing = cli.run("retry", "--state", "timeout");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.stdout()).contains("nothing to retry");

        // a chosen entry runs again even though it succeeded; the failed one is left alone
        ScatterCli.Result again = cli.run("retry", "1", "--entries", "2");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        JsonNode status = cli.statusJson();
        assertThat(status.path("attempts").asInt()).isEqualTo(2);
        assertThat(status.path("entry_states").get(1).path("attempt").asInt()).isEqualTo(2);
        assertThat(status.path("entry_states").get(2).path("attempt").asInt()).isEqualTo(1);
    }
}
