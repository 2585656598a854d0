package dev.scatter.it.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, as {@code .ci/ensure-tools} installs it: renders a page from
 * a file with every console message on stderr. (Its network log would not do for "the page fetched
 * nothing": the browser itself calls update and time servers; the page counts its own.) Skips
 * the test when no Chromium is installed, except on CI, where that is a failure.
 */
final class HeadlessChromium {

    /** What a page left after its scripts ran: the DOM and its console messages. */
    record Rendered(String dom, List<String> console, long wallMillis) {
    }

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    static HeadlessChromium find() {
        Optional<Path> found = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty() && System.getenv("CI") != null) {
            throw new IllegalStateException("no chromium on PATH: .ci/ensure-tools installs Debian's chromium");
        }
        Assumptions.assumeTrue(found.isPresent(), "no chromium on PATH (apt-get install chromium)");
        return new HeadlessChromium(found.get());
    }

    /** Loads {@code page}, lets its scripts and animation frames run, and returns what it left. */
    Rendered render(Path page, Path scratch) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Result r = run(scratch, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                "--dump-dom", page.toUri().toString());
        long wall = (System.nanoTime() - t0) / 1_000_000;
        List<String> console = r.stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Rendered(r.stdout, console, wall);
    }

    /** A PNG of {@code page} at this size. */
    void screenshot(Path page, Path png, int width, int height, Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(scratch, "--window-size=" + width + "," + height, "--hide-scrollbars", "--virtual-time-budget=5000",
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString());
    }

    private record Result(String stdout, String stderr) {
    }

    private Result run(Path scratch, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(scratch, "chromium-profile")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(scratch, "chromium", ".out");
        Path err = Files.createTempFile(scratch, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 120 s: " + command);
        }
        Result r = new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue() + ":\n" + r.stderr);
        }
        return r;
    }
}
