package dev.scatter.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuoteTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{0}] reaches the program as one literal argument")
    @ValueSource(strings = {"a b", "it's", "$(touch pwned)", "`touch pwned`", ";rm -rf x", "ünï ☃ 日本",
            "line1\nline2", "*", "~", "-n", "", "\"double\"", "back\\slash", "$HOME", "a'b\"c$d`e", "!event", "{}", "%s",
            "tab\there", "trailing newline\n", "#comment", "x > out.txt", "a|b&c"})
    void quotedValueIsOneLiteralWordInBash(String value) throws Exception {
        String script = "printf '%s' " + ShellQuote.quote(value) + " > out; printf '%s' $# > argc";
        Process p = new ProcessBuilder("bash", "-c", "set -- " + ShellQuote.quote(value) + "; " + script)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(dir.resolve("out"), StandardCharsets.UTF_8)).isEqualTo(value);
        assertThat(Files.readString(dir.resolve("argc"))).isEqualTo("1");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "data/file-1.txt", "a=b", "x:y,z+w@h%"})
    void leavesHarmlessWordsBare(String value) throws IOException {
        assertThat(ShellQuote.quote(value)).isEqualTo(value);
    }
}
