package dev.scatter.cli;

/** Small text helpers for what the CLI prints. */
final class Terminal {

    private Terminal() {
    }

    /** True when stdin and stdout are a terminal and TERM is not dumb: worth drawing progress. */
    static boolean isInteractive() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }

    static String bar(int done, int total, int width) {
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }

    /** One line, at most {@code max} characters, for tables. */
    static String clip(String text, int max) {
        String one = text.replace("\n", "\\n").replace("\t", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
