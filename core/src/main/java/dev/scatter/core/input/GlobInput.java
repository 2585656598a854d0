package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --glob PATTERN}: one entry per matching regular file, sorted. Patterns are the shell's
 * ({@code *}, {@code ?}, {@code [abc]}, {@code {a,b}}) plus {@code **} for any depth; as in the
 * shell, {@code *} does not match names starting with a dot unless the pattern does. Entries are
 * the paths as the pattern spells them (relative patterns give relative paths).
 */
public final class GlobInput {

    private GlobInput() {
    }

    public static Inputs read(String pattern, Path workdir) {
        if (pattern.isBlank()) {
            throw new UsageException("--glob is empty: give a pattern such as 'data/*.csv' (quoted, so scatter expands it)");
        }
        String[] parts = pattern.split("/", -1);
        int literal = 0;
        while (literal < parts.length - 1 && !hasGlob(parts[literal])) {
            literal++;
        }
        String basePart = String.join("/", java.util.Arrays.copyOfRange(parts, 0, literal));
        Path base = pattern.startsWith("/") && basePart.isEmpty() ? Path.of("/") : workdir.resolve(basePart.isEmpty() ? "." : basePart);
        boolean anyDepth = pattern.contains("**");
        int depth = parts.length - literal;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<String> matches = new ArrayList<>();
        if (Files.isDirectory(base)) {
            try (Stream<Path> walk = Files.walk(base, anyDepth ? Integer.MAX_VALUE : depth, FileVisitOption.FOLLOW_LINKS)) {
                walk.filter(Files::isRegularFile).forEach(p -> {
                    Path rel = base.relativize(p);
                    String spelled = basePart.isEmpty() ? rel.toString()
                            : (basePart.endsWith("/") ? basePart : basePart + "/") + rel;
                    if (matcher.matches(Path.of(spelled)) && !hiddenUnlessAsked(rel, pattern)) {
                        matches.add(spelled);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new UsageException("--glob " + pattern + ": cannot list " + base + " (" + e.getMessage() + ")");
            }
        }
        if (matches.isEmpty()) {
            throw new UsageException("--glob " + pattern + " matches no file (in " + workdir
                    + "): check the pattern, and quote it so that scatter, not the shell, expands it");
        }
        matches.sort(null);
        List<Entry> entries = new ArrayList<>(matches.size());
        for (String m : matches) {
            entries.add(Entry.single(entries.size() + 1, m));
        }
        return new Inputs(entries, List.of(), 0, "glob " + pattern);
    }

    private static boolean hasGlob(String part) {
        return part.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static boolean hiddenUnlessAsked(Path relative, String pattern) {
        for (Path name : relative) {
            if (name.toString().startsWith(".") && !pattern.contains("/.") && !pattern.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
