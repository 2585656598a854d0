package dev.scatter.sim.slurm;

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
        if (s.isEmpty() || !s.matches("[0-9:-]+")) {
            throw new IllegalArgumentException("bad time: " + text);
        }
        long days = 0;
        long h = 0;
        long m = 0;
        long sec = 0;
        try {
            int dash = s.indexOf('-');
            if (dash >= 0) {
                days = Long.parseLong(s.substring(0, dash));
                String[] f = s.substring(dash + 1).split(":", -1);
                if (f.length > 3) {
                    throw new IllegalArgumentException("bad time: " + text);
                }
                h = Long.parseLong(f[0]);
                m = f.length > 1 ? Long.parseLong(f[1]) : 0;
                sec = f.length > 2 ? Long.parseLong(f[2]) : 0;
            } else {
                String[] f = s.split(":", -1);
                switch (f.length) {
                    case 1 -> m = Long.parseLong(f[0]);
                    case 2 -> {
                        m = Long.parseLong(f[0]);
                        sec = Long.parseLong(f[1]);
                    }
                    case 3 -> {
                        h = Long.parseLong(f[0]);
                        m = Long.parseLong(f[1]);
                        sec = Long.parseLong(f[2]);
                    }
                    default -> throw new IllegalArgumentException("bad time: " + text);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad time: " + text, e);
        }
        long seconds = ((days * 24 + h) * 60 + m) * 60 + sec;
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
        long t = Math.max(0, d.getSeconds());
        long days = t / 86400;
        String hms = String.format("%02d:%02d:%02d", (t / 3600) % 24, (t / 60) % 60, t % 60);
        return days > 0 ? days + "-" + hms : hms;
    }

    static String stamp(Instant instant, ZoneId zone) {
        return STAMP.format(instant.atZone(zone));
    }
}
