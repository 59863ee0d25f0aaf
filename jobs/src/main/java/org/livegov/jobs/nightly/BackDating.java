package org.livegov.jobs.nightly;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Optional;
import org.livegov.jobs.UserError;

/**
 * A night dated before the last committed one. Its cut-off is earlier than what the warehouse
 * has already committed: as a backfill (re-running past nights, e.g. after a late delivery for an
 * old quarter) that is legitimate; typed by accident (a wrong {@code --date}, a clock) it would
 * step listings and recompute gold as of a day already passed. So it goes on only when the
 * operator says it is a backfill ({@code nightly --backfill}). The same day again is a normal
 * rerun. Source: configuration (operational safeguard), issue 18.
 */
public final class BackDating {
    private BackDating() {
    }

    /**
     * @param lastCommitted the latest run date of a committed run, empty for a new warehouse
     * @param runDate       the night asked for (Beijing day)
     * @param backfill      the operator declared a backfill
     * @param out           where the accepted backfill is said
     * @throws UserError (exit 1, one line naming both dates and the flag) for a night before the
     *                   last committed one without {@code backfill}
     */
    public static void require(Optional<LocalDate> lastCommitted, LocalDate runDate, boolean backfill, PrintStream out) {
        if (lastCommitted.isEmpty() || !runDate.isBefore(lastCommitted.get())) {
            return;
        }
        if (!backfill) {
            throw new UserError("nightly --date " + runDate + " is before the last committed night, " + lastCommitted.get()
                    + "; a backfill reruns with --backfill, otherwise give a date on or after " + lastCommitted.get());
        }
        out.println("backfill: " + runDate + " is before the last committed night, " + lastCommitted.get()
                + " (--backfill given)");
    }
}
