package dev.scatter.core.model;

import java.util.Optional;
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

    /**
     * A field of a SLURM time that its form bounds and that is out of range, as "99 minutes": after
     * the leading field, hours (after a day) are 0-23 and minutes and seconds 0-59; the leading field
     * may be any size ({@code 90} is 90 minutes, {@code 100:00:00} 100 hours). Empty when every field
     * is in range, or the text is not one of SLURM's forms.
     */
    public static Optional<String> slurmFieldOutOfRange(String text) {
        String t = text.strip();
        Matcher days = DAYS.matcher(t);
        if (days.matches()) {
            return firstOutOfRange(days.group(2), "hours", days.group(3), "minutes", days.group(4), "seconds");
        }
        Matcher clock = CLOCK.matcher(t);
        if (clock.matches() && clock.group(3) != null) {       // HH:MM:SS
            return firstOutOfRange(clock.group(2), "minutes", clock.group(3), "seconds");
        }
        if (clock.matches()) {                                 // MM:SS, or MM (no bounded field)
            return firstOutOfRange(clock.group(2), "seconds");
        }
        return Optional.empty();
    }

    /** Pairs of (field or null, unit): hours go up to 23, minutes and seconds to 59. */
    private static Optional<String> firstOutOfRange(String... fieldsAndUnits) {
        for (int i = 0; i < fieldsAndUnits.length; i += 2) {
            String field = fieldsAndUnits[i];
            String unit = fieldsAndUnits[i + 1];
            if (field != null && Long.parseLong(field) > (unit.equals("hours") ? 23 : 59)) {
                return Optional.of(Long.parseLong(field) + " " + unit);
            }
        }
        return Optional.empty();
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
