package org.livegov.metrics.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.time.BeijingTime;

/**
 * The registers' history (issue 17 item 3): a silver register (platforms, MCNs, merchants,
 * anchors, contracts) keeps every version of a key as a slowly changing dimension of type 2, with
 * two Beijing-date columns:
 * <ul>
 *   <li>{@value #FROM} {@code date}: the first Beijing day the version stood; null = since the
 *       earliest known (the register's first delivery, and every row of a table written before
 *       the history existed: nothing earlier is known about them);</li>
 *   <li>{@value #TO} {@code date}: the first Beijing day it no longer stood, exclusive (the next
 *       version's {@value #FROM}); null = the current version.</li>
 * </ul>
 * The version that stood on day {@code d} is the one with {@code from <= d < to} (null bounds
 * open). Named {@code effective_*} because contracts already carry their own business validity
 * ({@code valid_from}/{@code valid_to}: when the contract binds), which this is not: it says when
 * the register held this version of the row.
 *
 * <p>A version's effective date ({@link #effectiveDate}) is the register's own date for it: the
 * Beijing date of {@code updated_at} (the version at the source, i.e. its change date); for a key
 * not yet in the register, its registration date where the register has one (MCN
 * {@code registered_at}, contract {@code valid_from}) or else its {@code updated_at}; without any
 * such date, the landing day (the Beijing day of the nightly run that landed it). A new version
 * never takes effect before the version it replaces (the MERGE takes the later of the two).
 * Source: configuration of ours (issue 17: "every quarter's figures read the register as it stood
 * on the quarter's last day").
 */
public final class RegisterHistory {
    /** First Beijing day of a version; null = since the earliest known. */
    public static final String FROM = "effective_from";
    /** First Beijing day after a version, exclusive; null = current. */
    public static final String TO = "effective_to";

    private RegisterHistory() {
    }

    /** True for the register feeds (every feed that is not a fact feed). */
    public static boolean isRegister(Feed f) {
        return !f.isFact();
    }

    /** True when the rows carry the history columns (a table or pinned version written before them does not). */
    public static boolean hasHistory(Dataset<Row> register) {
        return Arrays.asList(register.columns()).contains(FROM) && Arrays.asList(register.columns()).contains(TO);
    }

    /**
     * The register as it stood on a Beijing day: per key the version with {@code from <= day < to},
     * without the history columns (the shape consumers read before the history existed). Rows
     * without history columns are returned as they are (one version per key: the register as it
     * was when that table version was written).
     *
     * @param register silver register rows, any number of versions per key
     * @param day      Beijing day, e.g. the quarter's last day
     * @return at most one row per key; keys not yet in the register that day are absent
     */
    public static Dataset<Row> asOf(Dataset<Row> register, LocalDate day) {
        Objects.requireNonNull(day, "day");
        if (!hasHistory(register)) {
            return register;
        }
        Column d = lit(Date.valueOf(day));
        return register.where(col(FROM).isNull().or(col(FROM).leq(d)))
                .where(col(TO).isNull().or(col(TO).gt(d)))
                .drop(FROM, TO);
    }

    /**
     * The register as it stands now: the current version of every key ({@code to} null), without
     * the history columns. For the consumers that act today (offender step, what-if, gold monthly
     * working products), never for a published quarter's figures.
     */
    public static Dataset<Row> current(Dataset<Row> register) {
        return hasHistory(register) ? register.where(col(TO).isNull()).drop(FROM, TO) : register;
    }

    /**
     * The effective date of a version, before the MERGE's "not before the version it replaces".
     *
     * @param feed       a register feed
     * @param newKey     true when the key has no version in the register yet (then the
     *                   registration date, where the register has one, comes first)
     * @param landingDay Beijing day of the run that landed the row
     * @return a {@code date} column over conformed silver rows
     */
    public static Column effectiveDate(Feed feed, Column newKey, LocalDate landingDay) {
        Column changed = BeijingTime.day(col("updated_at"));
        Column own = switch (feed) {
            case MCNS -> org.apache.spark.sql.functions.when(newKey, col("registered_at"));
            case CONTRACTS -> org.apache.spark.sql.functions.when(newKey, col("valid_from"));
            default -> lit(null).cast("date");
        };
        return org.apache.spark.sql.functions.coalesce(own, changed, lit(Date.valueOf(landingDay)));
    }
}
