package dev.scatter.core.model;

import dev.scatter.core.UsageException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wall-time limit. Accepts SLURM's forms ({@code MM}, {@code MM:SS}, {@code HH:MM:SS},
 * {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS}; see https://slurm.schedmd.com/sbatch.html#OPT_time),
 * every field after the leading one in range (hours 0-23 after a day, minutes and seconds 0-59; the
 * leading field may be any size, as SLURM's {@code -t 90} is 90 minutes), and, for convenience, a
 * number with a unit ({@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}).
 */
public record TimeLimit(Duration duration) {

    private static final Pattern UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([smhd])", Pattern.CASE_INSENSITIVE);

    public TimeLimit {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("time limit must be positive: " + duration);
        }
    }

    public static TimeLimit parse(String text, String option) {
        String t = text.trim();
        long seconds = -1;
        Optional<String> outOfRange = Optional.empty();
        try {
            seconds = Durations.slurmSeconds(t).orElse(-1);
            outOfRange = Durations.slurmFieldOutOfRange(t);
        } catch (NumberFormatException e) {     // more digits than a long holds: not a time limit
            seconds = -1;
        }
        // sbatch would add the fields up (time_str2secs: 1:99:99 is 2:40:39), but a field out of range
        // is a typo far more often than a wish: refuse it, and say what it would have meant
        if (outOfRange.isPresent()) {
            throw new UsageException(option + " '" + text + "' is not a time limit: " + outOfRange.get() + " after the"
                    + " leading field, where hours are 0-23 and minutes and seconds 0-59 (the leading field may be any"
                    + " size, as 90 or 100:00:00); for that much time write " + Durations.slurm(seconds));
        }
        Matcher m;
        if (seconds < 0 && (m = UNIT.matcher(t)).matches()) {
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

    public long seconds() {
        return duration.toSeconds();
    }

    public TimeLimit times(int factor) {
        return new TimeLimit(duration.multipliedBy(factor));
    }

    /** SLURM's {@code D-HH:MM:SS} (days only when needed). */
    public String slurm() {
        return Durations.slurm(seconds());
    }

    /** PBS's {@code HH:MM:SS}, hours unbounded. */
    public String hoursMinutesSeconds() {
        return Durations.hms(seconds());
    }

    @Override
    public String toString() {
        return slurm();
    }
}
