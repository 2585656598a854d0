package dev.scatter.sim.slurm;

/** SLURM memory sizes: {@code --mem=100M} in (MB, default unit M), {@code 500M}/{@code 100G} out. */
final class SlurmMemory {

    private SlurmMemory() {
    }

    /** MB for {@code 100}, {@code 100M}, {@code 2G}, {@code 1T}, {@code 512K}; {@code null} if malformed. */
    static Long parseMb(String text) {
        if (!text.matches("[0-9]+[KkMmGgTt]?")) {
            return null;
        }
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        String digits = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
        return switch (unit) {
            case 'K' -> (n + 1023) / 1024;
            case 'G' -> n * 1024;
            case 'T' -> n * 1024 * 1024;
            default -> n;
        };
    }

    /** As squeue %m, sacct ReqMem and scontrol print it: the largest exact unit. */
    static String format(long mb) {
        if (mb > 0 && mb % (1024L * 1024) == 0) {
            return mb / (1024L * 1024) + "T";
        }
        if (mb > 0 && mb % 1024 == 0) {
            return mb / 1024 + "G";
        }
        return mb + "M";
    }
}
