package dev.scatter.core.plan;

import dev.scatter.core.UsageException;
import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.template.CommandTemplate;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Requests that are well formed but would quietly run something other than what was meant:
 * refused before anything is written, each with one line saying what to do instead.
 */
final class RequestChecks {

    private RequestChecks() {
    }

    /**
     * {@code --glob scripts/*.sh -- wc -l} typed without quotes reaches scatter as
     * {@code --glob scripts/a.sh scripts/b.sh scripts/c.sh -- wc -l}: the first file is taken as the
     * pattern, and (since everything after the first command word is the command) the other files
     * become the command, with the user's {@code --} inside it. Signs of it, with a pattern that has
     * no wildcard left and names an existing file: the command starts with existing files followed by
     * a literal {@code --}, or its first word is a file beside the pattern's with the same extension
     * ({@code --glob scripts/a.sh scripts/b.sh wc -l}). A lone file and a command of one's own
     * ({@code --glob in.txt -- ./run.sh {}}) pass.
     */
    static void globNotExpandedByTheShell(RunRequest request) {
        Optional<String> glob = request.inputs().glob();
        if (glob.isEmpty() || glob.get().chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)
                || file(request.workdir(), glob.get()).isEmpty()) {
            return;
        }
        List<String> command = request.command();
        int files = 0;
        while (files < command.size() && file(request.workdir(), command.get(files)).isPresent()) {
            files++;
        }
        if (files == 0) {
            return;
        }
        boolean dashDashAfterFiles = files < command.size() && command.get(files).equals("--");
        if (dashDashAfterFiles || besideWithSameExtension(request.workdir(), glob.get(), command.get(0))) {
            throw new UsageException("the shell expanded --glob's pattern before scatter saw it: quote it, e.g. --glob "
                    + ShellQuote.quote(likelyPattern(glob.get())));
        }
    }

    /** Every {@code --param} must reach the command: an unused one only multiplies every command. */
    static void everyParamUsed(RunRequest request, CommandTemplate template) {
        List<String> unused = new ArrayList<>();
        List<String> params = request.inputs().params();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).substring(0, params.get(i).indexOf('='));
            if (!template.usesColumn(i + 1, name)) {
                unused.add(name);
            }
        }
        if (unused.size() == 1) {
            String name = unused.get(0);
            throw new UsageException("--param " + name + " is used by no placeholder in the command: add {" + name
                    + "} to the command, or drop the --param");
        }
        if (unused.size() > 1) {
            throw new UsageException("--param " + and(unused) + " are used by no placeholder in the command: add "
                    + and(unused.stream().map(n -> "{" + n + "}").toList()) + " to the command, or drop them");
        }
    }

    private static Optional<Path> file(Path workdir, String word) {
        if (word.isBlank()) {
            return Optional.empty();
        }
        try {
            Path p = workdir.resolve(word).normalize();
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static boolean besideWithSameExtension(Path workdir, String glob, String word) {
        Path a = workdir.resolve(glob).normalize();
        Path b = workdir.resolve(word).normalize();
        return Objects.equals(a.getParent(), b.getParent())
                && extension(a.getFileName().toString()).equals(extension(b.getFileName().toString()));
    }

    /** {@code scripts/a.sh} → {@code scripts/*.sh}: what the user most likely typed. */
    private static String likelyPattern(String file) {
        int slash = file.lastIndexOf('/');
        return file.substring(0, slash + 1) + "*" + extension(file.substring(slash + 1));
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }

    private static String and(List<String> items) {
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
