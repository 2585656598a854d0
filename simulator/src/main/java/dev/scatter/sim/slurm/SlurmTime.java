package dev.scatter.sim.slurm;

import dev.scatter.core.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** SLURM's time syntax: {@code --time} values in, squeue/sacct/scontrol durations and stamps out. */
final class SlurmTime {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private SlurmTime() {
    }

    /**
     * Parses {@code --time}: minutes, minutes:seconds, hours:minutes:seconds, days-hours,
     * days-hours:minutes, days-hours:minutes:seconds, or UNLIMITED/INFINITE/-1 ({@code null}).
     * Seconds round up to whole minutes, as {@code time_str2mins} does.
     *
     * @throws IllegalArgumentException for anything else (sbatch exits 255 on it)
     */
    static Duration parseLimit(String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("UNLIMITED") || s.equalsIgnoreCase("INFINITE") || s.equals("-1")) {
            return null;
        }
        long seconds = Durations.slurmSeconds(s).orElseThrow(() -> new IllegalArgumentException("bad time: " + text));
        return Duration.ofMinutes((seconds + 59) / 60);
    }

    /** squeue's TIME and TIME_LIMIT: {@code M:SS}, {@code H:MM:SS}, {@code D-HH:MM:SS}, or UNLIMITED. */
    static String clock(Duration d) {
        if (d == null) {
            return "UNLIMITED";
        }
        long t = Math.max(0, d.getSeconds());
        long s = t % 60;
        long m = (t / 60) % 60;
        long h = (t / 3600) % 24;
        long days = t / 86400;
        if (days > 0) {
            return String.format("%d-%02d:%02d:%02d", days, h, m, s);
        }
        if (h > 0) {
            return String.format("%d:%02d:%02d", h, m, s);
        }
        return String.format("%d:%02d", m, s);
    }

    /** sacct's Elapsed and scontrol's RunTime/TimeLimit: {@code HH:MM:SS} or {@code D-HH:MM:SS}. */
    static String hms(Duration d) {
        if (d == null) {
            return "UNLIMITED";
        }
        return Durations.slurm(d.getSeconds());
    }

    static String stamp(Instant instant, ZoneId zone) {
        return STAMP.format(instant.atZone(zone));
    }

    /**
     * sacct's TotalCPU: {@code MM:SS.mmm} under an hour ({@code 00:02.510}, fixtures
     * sacct_usage_states_done), else {@code HH:MM:SS} or {@code D-HH:MM:SS}.
     */
    static String cpu(Duration d) {
        long s = d.getSeconds();
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%02d:%02d.%03d", s / 60, s % 60, d.toMillisPart());
        }
        return hms(d);
    }
}
