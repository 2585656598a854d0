package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * Every command found in the command tree answers {@code --help}, {@code -h} and
 * {@code scatter help …} with exit 0 and lists each of its options; summaries are whole sentences.
 * The tree is walked, not listed, so a new command cannot be added without help.
 */
@QuarkusMainTest
class HelpEverywhereTest {

    /** Every command below the top one, as the words a user types: [run], [sim, start], … */
    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(ScatterCommand.tree().getCommandSpec(), all);
        return all.stream();
    }

    private static void walk(CommandSpec spec, List<List<String>> into) {
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            List<String> path = new ArrayList<>(List.of(s.qualifiedName(" ").split(" ")));
            path.remove(0);
            if (!into.contains(path)) {
                into.add(path);
                walk(s, into);
            }
        }
    }

    private static CommandSpec spec(List<String> path) {
        CommandLine cl = ScatterCommand.tree();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        return cl.getCommandSpec();
    }

    @Test
    void theTreeHasEveryCommand() {
        assertThat(commands().map(p -> String.join(" ", p))).contains("run", "status", "watch", "logs", "gather", "report",
                "retry", "cancel", "resume", "then", "runs", "rm", "clean", "config", "doctor", "sim", "sim start", "sim stop", "sim status", "completion", "man", "help");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpListsEveryOption(List<String> path, QuarkusMainLauncher launcher) {
        CommandSpec spec = spec(path);
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(path);
            args.add(flag);
            LaunchResult r = launcher.launch(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s", args).isZero();
            assertThat(r.getErrorOutput()).as("%s", args).isEmpty();
            assertThat(r.getOutput()).startsWith("Usage: scatter " + String.join(" ", path));
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    // a negatable option is listed as --[no-]wait
                    String listed = option.negatable() ? option.longestName().replaceFirst("^--", "--[no-]") : option.longestName();
                    assertThat(r.getOutput()).as("%s lists %s", args, listed).contains(listed);
                }
            }
        }
        List<String> help = new ArrayList<>(List.of("help"));
        help.addAll(path);
        LaunchResult viaHelp = launcher.launch(help.toArray(String[]::new));
        assertThat(viaHelp.exitCode()).isZero();
        assertThat(viaHelp.getOutput()).startsWith("Usage: scatter " + String.join(" ", path));
    }

    /** {@code scatter --help} lists each command with its first description line, which must be a whole sentence. */
    @ParameterizedTest
    @MethodSource("commands")
    void summaryIsAWholeSentence(List<String> path) {
        String[] description = spec(path).usageMessage().description();
        assertThat(description).as("%s has a description", path).isNotEmpty();
        assertThat(description[0]).as("%s's summary", path).endsWith(".").doesNotEndWith("..");
    }

    @Test
    void noCommandPrintsTheCommands(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch();
        assertThat(r.exitCode()).isZero();
        assertThat(r.getOutput()).contains("Commands:", "run ", "completion ");
    }

    @Test
    void aMistypedCommandOrOptionGetsASuggestion(QuarkusMainLauncher launcher) {
        LaunchResult command = launcher.launch("stauts");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.getErrorOutput().strip())
                .isEqualTo("scatter: 'stauts' is not a command (did you mean status?) (see scatter --help)");
        LaunchResult option = launcher.launch("run", "--chnk", "4", "--range", "1..2", "--", "true");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.getErrorOutput().strip())
                .isEqualTo("scatter: Unknown option: '--chnk' (did you mean --chunk?) (see scatter run --help)");
        LaunchResult help = launcher.launch("help", "sim", "strat");
        assertThat(help.exitCode()).isEqualTo(2);
        assertThat(help.getErrorOutput()).contains("'sim strat' is not a command: choose from start, stop, status");
    }
}
