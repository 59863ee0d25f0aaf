package org.livegov.jobs.generate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What {@link DemoGenerator} generates.
 *
 * <p>Facts (broadcasts, violations, complaints) are generated for the Beijing days {@code from}
 * to {@code to} inclusive, one file per feed per day. When {@code registers} is true the run is an
 * <em>initial load</em>: it also writes the five registers (platforms, MCNs, merchants, anchors,
 * contracts), the violation history of the {@link #HISTORY_MONTHS} months before {@code from}
 * (one file {@code violations/history-<first>_<last>.csv}) and the planted repeat offenders.
 * With {@code registers} false only the day files are written, e.g. to add a later period to a
 * landing folder that already holds the registers of the same scale and seed.
 *
 * <p>The register world (who exists, on which platform, under which MCN) depends on scale and seed
 * only, never on the period, so runs of the same scale and seed stay coherent with each other. It
 * is laid out around the reference quarter 2026Q2: a few anchors join and a few change MCN during
 * it, and the register files are a snapshot taken at its end. For a period ending before
 * 2026-06-30, register instants can therefore lie after the report's {@code exportedAt}.
 *
 * @param scale     size of the world, see {@link Scale}
 * @param seed      every byte written is a function of the spec; same spec, same bytes
 * @param from      first Beijing day of facts
 * @param to        last Beijing day of facts, inclusive; not before {@code from}
 * @param registers true to write registers, violation history and planted repeat offenders
 */
public record GeneratorSpec(Scale scale, long seed, LocalDate from, LocalDate to, boolean registers) {

    /** First day of the default period and of the register world's reference quarter (2026Q2). */
    public static final LocalDate DEFAULT_FROM = LocalDate.of(2026, 4, 1);
    /** Last day of the default period and of the reference quarter. */
    public static final LocalDate DEFAULT_TO = LocalDate.of(2026, 6, 30);
    /** Months of violation history before {@code from} (repeat-offender look-back, Advertising Law art. 55). */
    public static final int HISTORY_MONTHS = 24;
    /** Days in the reference quarter; the scale's quarterly volumes are per this many days. */
    static final int REFERENCE_DAYS = 91;

    /**
     * Size of the generated world. Volumes are per quarter (91 days); a longer or shorter period
     * scales the facts, not the registers.
     */
    public enum Scale {
        /** A few seconds: 150 MCNs, 800 merchants, 2,000 anchors, ~20,000 broadcasts a quarter. */
        SMALL(150, 800, 2_000, 20_000, 400, 3_000),
        /**
         * A tenth of national, for measuring several quarters of history within minutes: 2,500
         * MCNs, 50,000 merchants, 40,000 anchors, ~400,000 broadcasts, 20,000 violations and
         * 100,000 complaints a quarter.
         */
        MEDIUM(2_500, 50_000, 40_000, 400_000, 20_000, 100_000),
        /**
         * China-sized (domain §4): 25,000 MCNs, 500,000 merchants, 400,000 anchors, ~4 million
         * broadcasts, 200,000 violations and 1 million complaints a quarter.
         */
        NATIONAL(25_000, 500_000, 400_000, 4_000_000, 200_000, 1_000_000);

        final int mcns;
        final int merchants;
        final int anchors;
        final long broadcastsPerQuarter;
        final long violationsPerQuarter;
        final long complaintsPerQuarter;

        Scale(int mcns, int merchants, int anchors, long broadcastsPerQuarter, long violationsPerQuarter,
              long complaintsPerQuarter) {
            this.mcns = mcns;
            this.merchants = merchants;
            this.anchors = anchors;
            this.broadcastsPerQuarter = broadcastsPerQuarter;
            this.violationsPerQuarter = violationsPerQuarter;
            this.complaintsPerQuarter = complaintsPerQuarter;
        }
    }

    /**
     * @throws NullPointerException     when scale, from or to is null
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    public GeneratorSpec {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("period ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The default spec: quarter 2026Q2 with registers and history. */
    public static GeneratorSpec of(Scale scale, long seed) {
        return new GeneratorSpec(scale, seed, DEFAULT_FROM, DEFAULT_TO, true);
    }

    /** Number of Beijing days of facts. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** First day of the violation history: {@code from} minus {@link #HISTORY_MONTHS} months. */
    public LocalDate historyFrom() {
        return from.minusMonths(HISTORY_MONTHS);
    }
}
