package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A start builds the model of the commands its command line needs only ({@link ScatterCommand#commandsFor}):
 * none for --version, the named one for a command that stands alone, all of them where the answer
 * speaks of every command (help, man, completion, a mistyped name's suggestions) or reads run's (config).
 */
class LazyCommandsTest {

    private static List<String> names(String... args) {
        return ScatterCommand.commandsFor(args).stream().map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList();
    }

    @Test
    void theTableNamesEachCommandAsItsAnnotationDoes() {
        Map<String, String> byAnnotation = ScatterCommand.COMMANDS.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().getAnnotation(CommandLine.Command.class).name()));
        byAnnotation.forEach((key, name) -> assertThat(name).isEqualTo(key));
        assertThat(ScatterCommand.tree().getSubcommands().keySet()).containsExactlyElementsOf(ScatterCommand.COMMANDS.keySet());
    }

    @Test
    void versionBuildsNoCommand() {
        assertThat(names("--version")).isEmpty();
        assertThat(names("-V")).isEmpty();
    }

    @Test
    void aCommandThatStandsAloneIsBuiltAlone() {
        for (String c : List.of("run", "status", "watch", "logs", "gather", "report", "retry", "cancel", "resume", "then", "runs",
                "rm", "clean", "doctor", "sim")) {
            assertThat(names(c, "--help")).as(c).containsExactly(c);
        }
    }

    @Test
    void everyCommandWhereTheAnswerSpeaksOfThemAll() {
        List<String> all = List.copyOf(ScatterCommand.COMMANDS.keySet());
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("-h"), List.of("help", "run"),
                List.of("man", "--all"), List.of("completion", "bash"), List.of("config"), List.of("statsu"),
                List.of("--version", "status"))) {
            assertThat(names(args.toArray(String[]::new))).as("%s", args).containsExactlyElementsOf(all);
        }
    }
}
