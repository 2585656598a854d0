package dev.scatter.core.model;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as schedulers write them, in and out: SLURM's {@code D-HH:MM:SS} family and the
 * {@code HH:MM:SS} (hours unbounded) of PBS walltimes. One implementation for {@link TimeLimit},
 * the backends' parsers and the simulator's tools.
 */
public final class Durations {

    private static final Pattern DAYS = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final Pattern CLOCK = Pattern.compile("(\\d+)(?::(\\d+))?(?::(\\d+))?");

    private Durations() {
    }

    /**
     * SLURM's time forms, in seconds: {@code MM}, {@code MM:SS}, {@code HH:MM:SS}, {@code D-HH},
     * {@code D-HH:MM}, {@code D-HH:MM:SS} (https://slurm.schedmd.com/sbatch.html#OPT_time); empty
     * for anything else.
     */
    public static OptionalLong slurmSeconds(String text) {
        String t = text.strip();
        Matcher m;
        if ((m = DAYS.matcher(t)).matches()) {
            return OptionalLong.of(Long.parseLong(m.group(1)) * 86400 + Long.parseLong(m.group(2)) * 3600
                    + number(m.group(3)) * 60 + number(m.group(4)));
        }
        if ((m = CLOCK.matcher(t)).matches()) {
            if (m.group(3) != null) {          // HH:MM:SS
                return OptionalLong.of(Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60
                        + Long.parseLong(m.group(3)));
            }
            if (m.group(2) != null) {          // MM:SS
                return OptionalLong.of(Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2)));
            }
            return OptionalLong.of(Long.parseLong(m.group(1)) * 60);   // MM
        }
        return OptionalLong.empty();
    }

    /** {@code [[HH:]MM:]SS}, hours unbounded (PBS's walltime, {@code job_history_duration}), in seconds; empty otherwise. */
    public static OptionalLong clockSeconds(String text) {
        Matcher m = CLOCK.matcher(text.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long seconds = 0;
        for (int g = 1; g <= 3 && m.group(g) != null; g++) {
            seconds = seconds * 60 + Long.parseLong(m.group(g));
        }
        return OptionalLong.of(seconds);
    }

    /** {@code HH:MM:SS}, hours unbounded (PBS). */
    public static String hms(long seconds) {
        long s = Math.max(0, seconds);
        return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }

    /** {@code D-HH:MM:SS}, days only when needed (SLURM). */
    public static String slurm(long seconds) {
        long s = Math.max(0, seconds);
        String clock = hms(s % 86400);
        return s >= 86400 ? (s / 86400) + "-" + clock : clock;
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
