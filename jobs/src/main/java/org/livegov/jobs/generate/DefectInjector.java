package org.livegov.jobs.generate;

import static org.livegov.metrics.quality.ReasonCode.BAD_DATE;
import static org.livegov.metrics.quality.ReasonCode.BAD_IDENTITY_NUMBER;
import static org.livegov.metrics.quality.ReasonCode.BAD_INSTANT;
import static org.livegov.metrics.quality.ReasonCode.BAD_MONEY;
import static org.livegov.metrics.quality.ReasonCode.BAD_USCC;
import static org.livegov.metrics.quality.ReasonCode.END_BEFORE_START;
import static org.livegov.metrics.quality.ReasonCode.MISSING_REQUIRED;
import static org.livegov.metrics.quality.ReasonCode.NEGATIVE_VALUE;
import static org.livegov.metrics.quality.ReasonCode.UNKNOWN_CATEGORY;
import static org.livegov.metrics.quality.ReasonCode.UNKNOWN_ENUM;
import static org.livegov.metrics.quality.ReasonCode.UNKNOWN_REFERENCE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Uscc;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Turns a copy of a valid row into a malformed one with exactly one defect, which maps to exactly
 * one {@link ReasonCode}; the rest of the row stays valid. The caller gives the copy a key of its
 * own first. Defects are taken round-robin per feed, so that even a feed with few malformed rows
 * shows each of its defects.
 *
 * <p>Defects by feed: broadcasts: MISSING_REQUIRED, BAD_INSTANT (ended_at), BAD_DATE
 * (recording_retained_until), BAD_MONEY (gmv_cny), UNKNOWN_ENUM (monitoring), NEGATIVE_VALUE
 * (viewers, views or orders), END_BEFORE_START, UNKNOWN_REFERENCE (anchor_id not in the anchors
 * register); violations: MISSING_REQUIRED, BAD_INSTANT (detected_at), BAD_MONEY / NEGATIVE_VALUE
 * (penalty_cny), UNKNOWN_ENUM, UNKNOWN_CATEGORY, BAD_USCC (subject_uscc), END_BEFORE_START
 * (disposed before detected); complaints: MISSING_REQUIRED, BAD_INSTANT (received_at), BAD_MONEY /
 * NEGATIVE_VALUE (compensation_cny), UNKNOWN_ENUM, UNKNOWN_CATEGORY, END_BEFORE_START (closed
 * before received); anchors: MISSING_REQUIRED, BAD_IDENTITY_NUMBER, BAD_DATE (birth_date);
 * merchants: MISSING_REQUIRED, BAD_USCC, BAD_INSTANT (entry_audited_at); MCNs: MISSING_REQUIRED,
 * BAD_USCC, BAD_DATE (registered_at); contracts: MISSING_REQUIRED, BAD_DATE (valid_from).
 */
final class DefectInjector {
    private interface Corruption {
        void apply(String[] row, Rand rng);
    }

    private record Defect(ReasonCode reason, Predicate<String[]> applies, Corruption corruption) {
    }

    private final Map<Feed, List<Defect>> defects = new EnumMap<>(Feed.class);
    private final Map<Feed, Integer> cursor = new EnumMap<>(Feed.class);
    private final Ids ids;

    DefectInjector(Ids ids) {
        this.ids = ids;
        Feed b = Feed.BROADCASTS;
        add(b, MISSING_REQUIRED, blankOneOf(b, "platform_id", "anchor_id", "ended_at", "monitoring"));
        add(b, BAD_INSTANT, (r, rng) -> r[c(b, "ended_at")] = badInstant(r[c(b, "ended_at")]));
        add(b, BAD_DATE, (r, rng) -> r[c(b, "recording_retained_until")] = (instantYear(r[c(b, "started_at")]) + 3) + "-02-30");
        add(b, BAD_MONEY, (r, rng) -> r[c(b, "gmv_cny")] = threeDecimals(r[c(b, "gmv_cny")], rng));
        add(b, UNKNOWN_ENUM, (r, rng) -> r[c(b, "monitoring")] = rng.pick(new String[] {"manual", "ai_review", "unknown"}));
        add(b, NEGATIVE_VALUE, (r, rng) -> negate(r, b, rng, "peak_viewers", "views"));
        add(b, END_BEFORE_START, (r, rng) -> r[c(b, "ended_at")] = shifted(r[c(b, "started_at")],
                -rng.between(10 * Formats.MINUTE, 3 * Formats.HOUR)));
        add(b, UNKNOWN_REFERENCE, (r, rng) -> r[c(b, "anchor_id")] = this.ids.unknownAnchor());

        Feed v = Feed.VIOLATIONS;
        add(v, MISSING_REQUIRED, blankOneOf(v, "platform_id", "subject_role", "subject_id", "category",
                "detected_by", "status"));
        add(v, BAD_INSTANT, (r, rng) -> r[c(v, "detected_at")] = badInstant(r[c(v, "detected_at")]));
        add(v, BAD_MONEY, (r, rng) -> r[c(v, "penalty_cny")] = threeDecimals(r[c(v, "penalty_cny")], rng));
        add(v, UNKNOWN_ENUM, (r, rng) -> {
            switch (rng.between(0, 2)) {
                case 0 -> r[c(v, "detected_by")] = "police";
                case 1 -> r[c(v, "status")] = "pending_review";
                default -> r[c(v, "subject_role")] = "kol";
            }
        });
        add(v, UNKNOWN_CATEGORY, (r, rng) -> r[c(v, "category")] = rng.pick(new String[] {"V00", "V14", "V99"}));
        add(v, BAD_USCC, r -> r[c(v, "subject_uscc")] != null, (r, rng) -> r[c(v, "subject_uscc")] = badUscc(r[c(v, "subject_uscc")], rng));
        add(v, NEGATIVE_VALUE, (r, rng) -> r[c(v, "penalty_cny")] = "-" + (r[c(v, "penalty_cny")] != null
                ? r[c(v, "penalty_cny")] : Formats.money(rng.between(50_000L, 5_000_000L))));
        add(v, END_BEFORE_START, (r, rng) -> {
            r[c(v, "disposed_at")] = shifted(r[c(v, "detected_at")], -rng.between(Formats.HOUR, 2 * Formats.DAY));
            if (r[c(v, "disposal")] == null) {
                r[c(v, "disposal")] = "correct";
            }
        });

        Feed k = Feed.COMPLAINTS;
        add(k, MISSING_REQUIRED, blankOneOf(k, "platform_id", "kind"));
        add(k, BAD_INSTANT, (r, rng) -> r[c(k, "received_at")] = badInstant(r[c(k, "received_at")]));
        add(k, BAD_MONEY, (r, rng) -> {
            compensated(r, k);
            r[c(k, "compensation_cny")] = threeDecimals(r[c(k, "compensation_cny")], rng);
        });
        add(k, UNKNOWN_ENUM, (r, rng) -> {
            switch (rng.between(0, 2)) {
                case 0 -> r[c(k, "kind")] = "service";
                case 1 -> r[c(k, "outcome")] = "escalated";
                default -> r[c(k, "compensated_by")] = "insurer";
            }
        });
        add(k, UNKNOWN_CATEGORY, (r, rng) -> r[c(k, "category")] = rng.pick(new String[] {"V00", "V14", "V99"}));
        add(k, NEGATIVE_VALUE, (r, rng) -> {
            compensated(r, k);
            r[c(k, "compensation_cny")] = "-" + (r[c(k, "compensation_cny")] != null
                    ? r[c(k, "compensation_cny")] : Formats.money(rng.between(500L, 50_000L)));
        });
        add(k, END_BEFORE_START, (r, rng) -> {
            r[c(k, "closed_at")] = shifted(r[c(k, "received_at")], -rng.between(Formats.HOUR, 3 * Formats.DAY));
            r[c(k, "accepted_at")] = null;
            r[c(k, "first_response_at")] = null;
            if (r[c(k, "outcome")] == null || r[c(k, "outcome")].equals("pending")) {
                r[c(k, "outcome")] = "withdrawn";
            }
        });

        Feed a = Feed.ANCHORS;
        add(a, MISSING_REQUIRED, blankOneOf(a, "platform_id", "account_id"));
        add(a, BAD_IDENTITY_NUMBER, r -> r[c(a, "identity_number")] != null,
                (r, rng) -> r[c(a, "identity_number")] = badIdentity(r[c(a, "identity_number")], rng));
        add(a, BAD_DATE, r -> r[c(a, "birth_date")] != null,
                (r, rng) -> r[c(a, "birth_date")] = r[c(a, "birth_date")].substring(0, 4) + "-02-30");

        Feed m = Feed.MERCHANTS;
        add(m, MISSING_REQUIRED, blankOneOf(m, "platform_id", "name", "licence_displayed"));
        add(m, BAD_USCC, r -> r[c(m, "uscc")] != null, (r, rng) -> r[c(m, "uscc")] = badUscc(r[c(m, "uscc")], rng));
        add(m, BAD_INSTANT, r -> r[c(m, "entry_audited_at")] != null,
                (r, rng) -> r[c(m, "entry_audited_at")] = badInstant(r[c(m, "entry_audited_at")]));

        Feed n = Feed.MCNS;
        add(n, MISSING_REQUIRED, blankOneOf(n, "name", "uscc"));
        add(n, BAD_USCC, (r, rng) -> r[c(n, "uscc")] = badUscc(r[c(n, "uscc")], rng));
        add(n, BAD_DATE, (r, rng) -> r[c(n, "registered_at")] = rng.between(2016, 2024) + "-02-30");

        Feed t = Feed.CONTRACTS;
        add(t, MISSING_REQUIRED, blankOneOf(t, "anchor_id", "mcn_id"));
        add(t, BAD_DATE, (r, rng) -> r[c(t, "valid_from")] = r[c(t, "valid_from")].substring(0, 4) + "-02-30");
    }

    private void add(Feed feed, ReasonCode reason, Corruption corruption) {
        add(feed, reason, r -> true, corruption);
    }

    private void add(Feed feed, ReasonCode reason, Predicate<String[]> applies, Corruption corruption) {
        defects.computeIfAbsent(feed, f -> new ArrayList<>()).add(new Defect(reason, applies, corruption));
    }

    /** The reason codes this injector can produce for a feed, in round-robin order. */
    List<ReasonCode> reasons(Feed feed) {
        return defects.getOrDefault(feed, List.of()).stream().map(Defect::reason).toList();
    }

    /**
     * Applies the feed's next applicable defect to {@code copy} in place.
     *
     * @return the reason code the row must be quarantined with, or null when no defect applies
     */
    ReasonCode inject(Feed feed, String[] copy, Rand rng) {
        List<Defect> list = defects.getOrDefault(feed, List.of());
        int start = cursor.getOrDefault(feed, 0);
        for (int i = 0; i < list.size(); i++) {
            Defect d = list.get((start + i) % list.size());
            if (d.applies().test(copy)) {
                d.corruption().apply(copy, rng);
                cursor.put(feed, (start + i + 1) % list.size());
                return d.reason();
            }
        }
        return null;
    }

    /** Applies a given defect, when it applies to the row; for register rows. */
    boolean inject(Feed feed, ReasonCode reason, String[] copy, Rand rng) {
        for (Defect d : defects.getOrDefault(feed, List.of())) {
            if (d.reason() == reason && d.applies().test(copy)) {
                d.corruption().apply(copy, rng);
                return true;
            }
        }
        return false;
    }

    private static int c(Feed feed, String field) {
        return Rows.col(feed, field);
    }

    private static Corruption blankOneOf(Feed feed, String... fields) {
        return (r, rng) -> r[c(feed, rng.pick(fields))] = null;
    }

    private static void negate(String[] r, Feed feed, Rand rng, String... fields) {
        int i = c(feed, rng.pick(fields));
        r[i] = "-" + Math.max(1, Long.parseLong(r[i]));
    }

    private static void compensated(String[] r, Feed feed) {
        String by = r[c(feed, "compensated_by")];
        if (by == null || by.equals("none")) {
            r[c(feed, "compensated_by")] = "merchant";
        }
    }

    /** The same wall-clock time written day-first with slashes: no ISO-8601 parser accepts it. */
    static String badInstant(String valid) {
        // yyyy-MM-ddTHH:mm:ss...
        return valid.substring(8, 10) + "/" + valid.substring(5, 7) + "/" + valid.substring(0, 4) + " "
                + valid.substring(11, 19);
    }

    /** An amount with three decimals. */
    private static String threeDecimals(String valid, Rand rng) {
        String base = valid != null ? valid : Formats.money(rng.between(1_000L, 10_000_000L));
        return base + rng.between(1, 9);
    }

    /** The same USCC with a wrong check character. */
    static String badUscc(String valid, Rand rng) {
        int v = Uscc.ALPHABET.indexOf(valid.charAt(17));
        char wrong = Uscc.ALPHABET.charAt((v + rng.between(1, 30)) % 31);
        return valid.substring(0, 17) + wrong;
    }

    /** The same identity number with a wrong check character. */
    static String badIdentity(String valid, Rand rng) {
        String check = "0123456789X";
        int v = check.indexOf(valid.charAt(17));
        return valid.substring(0, 17) + check.charAt((v + rng.between(1, 10)) % 11);
    }

    private static int instantYear(String instant) {
        return Integer.parseInt(instant.substring(0, 4));
    }

    /** An instant string moved by {@code seconds}, in the same offset style. */
    private static String shifted(String instant, long seconds) {
        long epoch = OffsetDateTime.parse(instant).toEpochSecond() + seconds;
        return Formats.instant(epoch, instant.endsWith("Z"));
    }
}
