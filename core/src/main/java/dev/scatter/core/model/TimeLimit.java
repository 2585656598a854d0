package dev.scatter.core.model;

import dev.scatter.core.UsageException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wall-time limit. Accepts SLURM's forms ({@code MM}, {@code MM:SS}, {@code HH:MM:SS},
 * {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS}; see https://slurm.schedmd.com/sbatch.html#OPT_time)
 * and, for convenience, a number with a unit ({@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}).
 */
public record TimeLimit(Duration duration) {

    private static final Pattern DAYS = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final Pattern CLOCK = Pattern.compile("(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final Pattern UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([smhd])", Pattern.CASE_INSENSITIVE);

    public TimeLimit {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("time limit must be positive: " + duration);
        }
    }

    public static TimeLimit parse(String text, String option) {
        String t = text.trim();
        long seconds = -1;
        Matcher m;
        if ((m = DAYS.matcher(t)).matches()) {
            seconds = Long.parseLong(m.group(1)) * 86400 + Long.parseLong(m.group(2)) * 3600
                    + number(m.group(3)) * 60 + number(m.group(4));
        } else if ((m = CLOCK.matcher(t)).matches()) {
            if (m.group(3) != null) {          // HH:MM:SS
                seconds = Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3));
            } else if (m.group(2) != null) {   // MM:SS
                seconds = Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2));
            } else {                           // MM
                seconds = Long.parseLong(m.group(1)) * 60;
            }
        } else if ((m = UNIT.matcher(t)).matches()) {
            double v = Double.parseDouble(m.group(1));
            seconds = Math.round(v * switch (Character.toLowerCase(m.group(2).charAt(0))) {
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 1;
            });
        }
        if (seconds <= 0) {
            throw new UsageException(option + " '" + text + "' is not a time limit: write minutes (30), MM:SS,"
                    + " HH:MM:SS, D-HH, D-HH:MM:SS, or a number with a unit (90s, 30m, 2h, 1d)");
        }
        return new TimeLimit(Duration.ofSeconds(seconds));
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    public long seconds() {
        return duration.toSeconds();
    }

    public TimeLimit times(int factor) {
        return new TimeLimit(duration.multipliedBy(factor));
    }

    /** SLURM's {@code D-HH:MM:SS} (days only when needed). */
    public String slurm() {
        long s = seconds();
        long days = s / 86400;
        String clock = hms(s % 86400);
        return days > 0 ? days + "-" + clock : clock;
    }

    /** PBS's {@code HH:MM:SS}, hours unbounded. */
    public String hoursMinutesSeconds() {
        return hms(seconds());
    }

    private static String hms(long s) {
        return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }

    @Override
    public String toString() {
        return slurm();
    }
}
