package org.livegov.jobs.stage;

import java.io.PrintStream;

/**
 * Fault-injection hook for the crash-safety tests. When the environment variable
 * {@code LIVEGOV_FAULT_PAUSE} names a point (e.g. {@code LIVEGOV_FAULT_PAUSE=gold.platform_monthly}),
 * the job prints {@code FAULT-PAUSE <point>} on its output when it reaches that point and then
 * sleeps (at most 10 minutes), so that a test can kill the process (SIGKILL) exactly there. Without
 * the variable (every production run) a call is one environment lookup and does nothing.
 *
 * <p>Points: {@code stage.silver}, {@code stage.gold}, {@code stage.commit} (stage boundaries:
 * everything before is written, nothing after); {@code bronze.<feed>} (that feed's bronze table
 * written, later feeds not: the middle of the bronze stage); {@code silver.<feed>} (that feed's
 * quarantine and MERGE written); {@code gold.<product>} (that gold table written, the next ones not:
 * the middle of the multi-table gold update).
 */
public final class FaultPoint {
    public static final String ENV = "LIVEGOV_FAULT_PAUSE";
    public static final String MARKER = "FAULT-PAUSE ";

    private FaultPoint() {
    }

    /** Pauses here when {@code LIVEGOV_FAULT_PAUSE} names {@code point}; otherwise returns at once. */
    public static void reached(String point, PrintStream out) {
        String wanted = System.getenv(ENV);
        if (wanted == null || !wanted.equals(point)) {
            return;
        }
        out.println(MARKER + point);
        out.flush();
        try {
            Thread.sleep(600_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("fault pause at " + point + " was not killed within 10 minutes");
    }
}
