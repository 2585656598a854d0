package dev.scatter.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean": the known name closest to a mistyped one, when it is close enough to be the one meant. */
final class Suggestions {

    private Suggestions() {
    }

    static Optional<String> closest(String typed, Collection<String> known) {
        Optional<String> near = known.stream().min(Comparator.comparingInt(k -> distance(typed, k)))
                .filter(k -> distance(typed, k) <= Math.max(2, typed.length() / 3));
        // a long form of a short key, or the other way round: memory → mem, cpus → cpus-per-task
        return near.or(() -> known.stream().filter(k -> k.length() >= 3 && typed.length() >= 3
                && (typed.startsWith(k) || k.startsWith(typed))).min(Comparator.comparingInt(String::length)));
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitution, Math.min(previous[j], row[j - 1]) + 1);
            }
            int[] t = previous;
            previous = row;
            row = t;
        }
        return previous[b.length()];
    }
}
