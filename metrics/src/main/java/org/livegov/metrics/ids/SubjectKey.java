package org.livegov.metrics.ids;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Column;

/**
 * Who a subject of the repeat-offender lists is across platforms, as one text key
 * {@code <kind>:<id>}; this type alone writes and reads the prefixes.
 *
 * <ul>
 *   <li>{@code person:<hmac>}: an anchor by the keyed hash of the identity number
 *       ({@link Pseudonymiser}; never a raw number);</li>
 *   <li>{@code uscc:<code>}: a merchant or MCN by its Unified Social Credit Code (GB 32100-2015),
 *       one subject whatever its roles;</li>
 *   <li>{@code anchor:<id>}, {@code merchant:<id>}, {@code mcn:<id>}, {@code platform:<id>}: the
 *       register key within one platform, the fallback when the register lacks the identifier
 *       (such a subject is not joined across platforms).</li>
 * </ul>
 * Source: the industry's joint-punishment duty (Specification; domain.md §1, §6).
 *
 * @param kind which identifier the key rests on
 * @param id   the identifier (non-empty)
 */
public record SubjectKey(Kind kind, String id) {
    /** The identifier a key rests on; its prefix is the lower-case name. */
    public enum Kind {
        PERSON, USCC, ANCHOR, MERCHANT, MCN, PLATFORM;

        /** @return e.g. {@code uscc:} */
        public String prefix() {
            return name().toLowerCase(Locale.ROOT) + ":";
        }

        /** Keyed by an identifier valid on every platform (identity number or USCC), not by one platform's own id. */
        public boolean crossPlatform() {
            return this == PERSON || this == USCC;
        }
    }

    /** @throws IllegalArgumentException on a null kind or an empty id */
    public SubjectKey {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("a subject key needs a non-empty id");
    }

    /** @return {@code <kind>:<id>}, the text stored in {@code subject_key} columns */
    @Override
    public String toString() {
        return kind.prefix() + id;
    }

    /**
     * @param text a {@code subject_key} value such as {@code uscc:91330100MA2XXXXX0X}
     * @return the key
     * @throws IllegalArgumentException when the text has no known prefix or no id
     */
    public static SubjectKey parse(String text) {
        if (text != null) {
            for (Kind k : Kind.values()) {
                if (text.startsWith(k.prefix())) return new SubjectKey(k, text.substring(k.prefix().length()));
            }
        }
        throw new IllegalArgumentException("not a subject key: '" + text + "' (expected one of person:, uscc:, anchor:, merchant:, mcn:, platform:)");
    }

    /** @return the key of a person by the keyed hash of the identity number */
    public static SubjectKey person(String personKey) {
        return new SubjectKey(Kind.PERSON, personKey);
    }

    /** @return the key of a company by USCC */
    public static SubjectKey uscc(String uscc) {
        return new SubjectKey(Kind.USCC, uscc);
    }

    /** Whether a stored key is keyed by an identifier valid across platforms ({@link Kind#crossPlatform()}). */
    public static boolean crossPlatform(String text) {
        return parse(text).kind().crossPlatform();
    }

    // --- the same keys as Spark columns (null in, null out, as concat does) ---

    /** @return {@code <kind>:<id>} for a string column {@code id} (null where the id is null) */
    public static Column of(Kind kind, Column id) {
        return concat(lit(kind.prefix()), id);
    }

    /** An anchor account's subject: its person, or the account when the identity number is missing. */
    public static Column anchor(Column personKey, Column anchorId) {
        return coalesce(of(Kind.PERSON, personKey), of(Kind.ANCHOR, anchorId));
    }

    /** A merchant account's subject: its USCC, or the account when the USCC is missing. */
    public static Column merchant(Column uscc, Column merchantId) {
        return coalesce(of(Kind.USCC, uscc), of(Kind.MERCHANT, merchantId));
    }

    /** An MCN's subject: its USCC, or the MCN's id when the USCC is missing. */
    public static Column mcn(Column uscc, Column mcnId) {
        return coalesce(of(Kind.USCC, uscc), of(Kind.MCN, mcnId));
    }

    /** @return the USCC of a {@code uscc:} key column, null for every other kind */
    public static Column usccOf(Column subjectKey) {
        return when(subjectKey.startsWith(Kind.USCC.prefix()), regexp_replace(subjectKey, "^" + Kind.USCC.prefix(), ""));
    }
}
