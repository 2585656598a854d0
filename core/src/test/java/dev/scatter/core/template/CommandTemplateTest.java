package dev.scatter.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandTemplateTest {

    private static String line(String command, String entry) {
        return CommandTemplate.parse(List.of(command), List.of(), 1).render(Entry.single(7, entry), List.of());
    }

    @ParameterizedTest(name = "{0} on {1} gives {2}")
    @CsvSource(delimiter = '|', value = {
            "echo {}|data/in.tar.gz|echo data/in.tar.gz",
            "echo {.}|data/in.tar.gz|echo data/in.tar",
            "echo {/}|data/in.tar.gz|echo in.tar.gz",
            "echo {//}|data/in.tar.gz|echo data",
            "echo {/.}|data/in.tar.gz|echo in.tar",
            "echo {#}|x|echo 7",
            "echo {//}|file|echo .",
            "echo {.}|dir.d/file|echo dir.d/file",
            "echo {.}|.bashrc|echo .bashrc",
            "sort {} > {.}.sorted|a.txt|sort a.txt > a.sorted",
    })
    void placeholdersFollowGnuParallel(String command, String entry, String expected) {
        assertThat(line(command, entry)).isEqualTo(expected);
    }

    @Test
    void quotesEverySubstitutedValueInAShellLine() {
        assertThat(line("wc -l {} | sort", "my file's $(id)")).isEqualTo("wc -l 'my file'\\''s $(id)' | sort");
    }

    @Test
    void appendsTheEntryWhenThereIsNoPlaceholder() {
        CommandTemplate t = CommandTemplate.parse(List.of("wc -l"), List.of(), 1);
        assertThat(t.entryAppended()).isTrue();
        assertThat(t.render(Entry.single(1, "a b"), List.of())).isEqualTo("wc -l 'a b'");
    }

    @Test
    void appendsEachColumnAsItsOwnWordForRows() {
        List<String> names = List.of("id", "alpha");
        CommandTemplate t = CommandTemplate.parse(List.of("python", "fit.py"), names, 2);
        assertThat(t.render(Entry.ofColumns(1, List.of("s 1", "0.5")), names)).isEqualTo("python fit.py 's 1' 0.5");
    }

    @Test
    void keepsSeveralArgumentsExactlyAsGivenEachQuoted() {
        List<String> names = List.of("id", "alpha");
        CommandTemplate t = CommandTemplate.parse(List.of("python", "fit.py", "--sample={id}", "--alpha", "{alpha}", "a|b"), names, 2);
        assertThat(t.isShellLine()).isFalse();
        assertThat(t.render(Entry.ofColumns(1, List.of("x;y", "1e-3")), names))
                .isEqualTo("python fit.py '--sample=x;y' --alpha 1e-3 'a|b'");
    }

    @Test
    void numberedAndNamedColumnsTakeModifiers() {
        List<String> names = List.of("path");
        CommandTemplate t = CommandTemplate.parse(List.of("echo {1/} {path.}"), names, 1);
        assertThat(t.render(Entry.ofColumns(1, List.of("d/f.txt")), names)).isEqualTo("echo f.txt d/f");
    }

    @Test
    void leavesShellParametersAndAwkBlocksAlone() {
        assertThat(line("echo ${HOME} {} | awk '{print $1}'", "x")).isEqualTo("echo ${HOME} x | awk '{print $1}'");
    }

    @Test
    void rejectsUnknownNamedPlaceholders() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo {alpah}"), List.of("id", "alpha"), 2))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown placeholder {alpah}").hasMessageContaining("id, alpha");
    }

    @Test
    void rejectsColumnsBeyondTheInputs() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo {3}"), List.of(), 1))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown placeholder {3}");
    }

    @Test
    void rejectsAnEmptyCommand() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of(), List.of(), 1))
                .isInstanceOf(UsageException.class).hasMessageContaining("no command given");
    }
}
