package dev.scatter.core.verdict;

/** Exit statuses in words: shells report death by signal N as 128+N. */
public final class ExitStatus {

    private ExitStatus() {
    }

    public static String describe(int code) {
        if (code > 128 && code < 128 + 65) {
            return "exit " + code + " (killed by signal " + signalName(code - 128) + ")";
        }
        return switch (code) {
            case 126 -> "exit 126 (command found but not executable)";
            case 127 -> "exit 127 (command not found)";
            default -> "exit " + code;
        };
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 6 -> "ABRT";
            case 9 -> "KILL";
            case 11 -> "SEGV";
            case 13 -> "PIPE";
            case 15 -> "TERM";
            default -> Integer.toString(signal);
        };
    }
}
