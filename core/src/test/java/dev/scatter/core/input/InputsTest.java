package dev.scatter.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

    @TempDir
    Path dir;

    private static final InputStream NO_STDIN = InputStream.nullInputStream();

    private List<String> texts(Inputs inputs) {
        return inputs.entries().stream().map(Entry::text).toList();
    }

    @Test
    void linesSkipAndCountEmptyLinesAndAcceptCrlf() throws IOException {
        Files.writeString(dir.resolve("in.txt"), "a\r\n\nb c\n\n\nlast");
        Inputs in = LinesInput.read("in.txt", dir, NO_STDIN, Optional.empty());
        assertThat(texts(in)).containsExactly("a", "b c", "last");
        assertThat(in.skippedEmpty()).isEqualTo(3);
        assertThat(in.entries().get(2).number()).isEqualTo(3);
    }

    @Test
    void aFinalNewlineIsNotAnEmptyLine() throws IOException {
        Files.writeString(dir.resolve("in.txt"), "a\nb\n");
        assertThat(LinesInput.read("in.txt", dir, NO_STDIN, Optional.empty()).skippedEmpty()).isZero();
    }

    @Test
    void linesComeFromStdinForDash() {
        var stdin = new ByteArrayInputStream("x\ny\n".getBytes(StandardCharsets.UTF_8));
        assertThat(texts(LinesInput.read("-", dir, stdin, Optional.empty()))).containsExactly("x", "y");
    }

    @Test
    void linesSplitIntoColumnsOnColsep() throws IOException {
        Files.writeString(dir.resolve("in.tsv"), "a\t1\nb\t2\n");
        Inputs in = LinesInput.read("in.tsv", dir, NO_STDIN, Optional.of("\\t"));
        assertThat(in.entries().get(1).columns()).containsExactly("b", "2");
    }

    @Test
    void missingEmptyAndBinaryInputFilesAreUsageErrors() throws IOException {
        assertThatThrownBy(() -> LinesInput.read("nope.txt", dir, NO_STDIN, Optional.empty()))
                .isInstanceOf(UsageException.class).hasMessageContaining("no such file");
        Files.writeString(dir.resolve("empty.txt"), "\n\n");
        assertThatThrownBy(() -> LinesInput.read("empty.txt", dir, NO_STDIN, Optional.empty()))
                .isInstanceOf(UsageException.class).hasMessageContaining("has no entries");
        Files.write(dir.resolve("latin1.txt"), new byte[] {'a', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> LinesInput.read("latin1.txt", dir, NO_STDIN, Optional.empty()))
                .isInstanceOf(UsageException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void csvKeepsQuotedCommasQuotesAndNewlines() throws IOException {
        Files.writeString(dir.resolve("s.csv"), "\uFEFFid,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\nnext line\"\n");
        Inputs in = CsvInput.read("s.csv", dir, NO_STDIN);
        assertThat(in.columnNames()).containsExactly("id", "note");
        assertThat(in.entries().get(0).columns()).containsExactly("1", "a, b");
        assertThat(in.entries().get(1).columns()).containsExactly("2", "say \"hi\"\nnext line");
    }

    @Test
    void csvRejectsRaggedRowsAndDuplicateHeaders() throws IOException {
        Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        assertThatThrownBy(() -> CsvInput.read("ragged.csv", dir, NO_STDIN)).isInstanceOf(UsageException.class)
                .hasMessageContaining("line 3").hasMessageContaining("has 1 fields but the header has 2");
        Files.writeString(dir.resolve("dup.csv"), "a,a\n1,2\n");
        assertThatThrownBy(() -> CsvInput.read("dup.csv", dir, NO_STDIN)).isInstanceOf(UsageException.class)
                .hasMessageContaining("twice");
        Files.writeString(dir.resolve("header-only.csv"), "a,b\n");
        assertThatThrownBy(() -> CsvInput.read("header-only.csv", dir, NO_STDIN)).isInstanceOf(UsageException.class)
                .hasMessageContaining("no rows");
    }

    @Test
    void globMatchesFilesSortedLikeTheShell() throws IOException {
        Files.createDirectories(dir.resolve("data/sub"));
        for (String f : List.of("data/b.txt", "data/a.txt", "data/.hidden.txt", "data/c.csv", "data/sub/d.txt")) {
            Files.writeString(dir.resolve(f), "x");
        }
        assertThat(texts(GlobInput.read("data/*.txt", dir))).containsExactly("data/a.txt", "data/b.txt");
        assertThat(texts(GlobInput.read("data/**.txt", dir))).containsExactly("data/a.txt", "data/b.txt", "data/sub/d.txt");
        assertThat(texts(GlobInput.read(dir + "/data/*.csv", dir))).containsExactly(dir + "/data/c.csv");
        assertThatThrownBy(() -> GlobInput.read("data/*.json", dir)).isInstanceOf(UsageException.class)
                .hasMessageContaining("matches no file");
    }

    @Test
    void rangesIncludeBothEndsAndHonourTheStep() {
        assertThat(texts(RangeInput.read("1..5"))).containsExactly("1", "2", "3", "4", "5");
        assertThat(texts(RangeInput.read("0..10:5"))).containsExactly("0", "5", "10");
        assertThat(texts(RangeInput.read("3..1"))).containsExactly("3", "2", "1");
        assertThatThrownBy(() -> RangeInput.read("1..5:-1")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RangeInput.read("1-5")).isInstanceOf(UsageException.class).hasMessageContaining("A..B");
    }

    @Test
    void paramsFormTheCartesianGridFirstSlowest() {
        Inputs grid = GridInput.read(List.of("k=1,2", "metric=a,b,c"));
        assertThat(grid.columnNames()).containsExactly("k", "metric");
        assertThat(texts(grid)).containsExactly("1 a", "1 b", "1 c", "2 a", "2 b", "2 c");
        assertThat(GridInput.read(List.of("n=1..3")).size()).isEqualTo(3);
        assertThatThrownBy(() -> GridInput.read(List.of("k=1", "k=2"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> GridInput.read(List.of("bad name=1"))).isInstanceOf(UsageException.class);
    }

    @Test
    void exactlyOneKindOfInputPerRun() {
        var none = new InputOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        assertThatThrownBy(() -> none.load(dir, NO_STDIN)).isInstanceOf(UsageException.class).hasMessageContaining("no inputs");
        var two = new InputOptions(Optional.of("a"), Optional.empty(), Optional.empty(), Optional.of("1..2"), List.of(), Optional.empty());
        assertThatThrownBy(() -> two.load(dir, NO_STDIN)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--inputs and --range");
    }
}
