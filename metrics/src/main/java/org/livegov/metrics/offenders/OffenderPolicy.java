package org.livegov.metrics.offenders;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The repeat-offender policy as read from {@code conf/offenders.yaml}: rules, each with an id and
 * a version, and the periods of the listing lifecycle.
 *
 * @param version              version of the policy file (stamped on nothing by itself; rules carry
 *                             their own versions)
 * @param listingMonths        a listing lasts this many months from its listed-from day (SAMR Order
 *                             44: 3 years, i.e. 36)
 * @param earlyRemovalMonths   early removal may be requested this many months after listing (SAMR
 *                             Order 44: 1 year, i.e. 12)
 * @param noticeDays           days a subject stays preliminary before it is listed, for notice and
 *                             objection (configuration: a modelling choice, not a national rule)
 * @param earlyRemovalBlockedFrom a confirmed violation of at least this severity detected on or
 *                             after the listed-from day blocks early removal (SAMR Order 44: "no
 *                             new heavier penalty"; configuration: s3)
 * @param rules                the listing rules, at least one
 * @param peerReview           the peer-relative review rule, or null when not configured
 * @param subjectRoles         the violation roles whose subjects a rule may list, a non-empty subset
 *                             of {@link #ROLES} (configuration; shipped: merchant, anchor, mcn, since
 *                             the list serves joint punishment across platforms and a platform answers
 *                             for its own duties in the benchmark)
 * @param nameReviewMaxSubjects a name shared by more subjects than this is a common name and is not
 *                             proposed for review ({@link NameCandidates}; configuration, at least 2)
 * @param acts                 which records of one subject are one act: every rule counts acts
 *                             ({@link Acts}; configuration)
 * @throws IllegalArgumentException without rules, with early removal not before the end of the
 *     listing, with an empty or unknown subject role,
 *     with {@code nameReviewMaxSubjects < 2}, or without an act definition
 */
public record OffenderPolicy(String version, int listingMonths, int earlyRemovalMonths, int noticeDays,
                             String earlyRemovalBlockedFrom, List<Rule> rules, PeerReview.Rule peerReview,
                             List<String> subjectRoles, int nameReviewMaxSubjects, Acts acts) {
    /** The roles a violation can name ({@code violations.subject_role}, docs/input-contracts.md). */
    public static final List<String> ROLES = List.of("merchant", "anchor", "mcn", "platform");

    public OffenderPolicy {
        Objects.requireNonNull(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("at least one rule is required");
        }
        if (subjectRoles == null || subjectRoles.isEmpty() || !ROLES.containsAll(subjectRoles)) {
            throw new IllegalArgumentException("subject roles must be a non-empty subset of " + ROLES + ", not " + subjectRoles);
        }
        subjectRoles = List.copyOf(subjectRoles);
        if (nameReviewMaxSubjects < 2) {
            throw new IllegalArgumentException("name review needs at least 2 subjects, not " + nameReviewMaxSubjects);
        }
        if (earlyRemovalMonths >= listingMonths) {
            throw new IllegalArgumentException("early removal (" + earlyRemovalMonths
                    + " months) must come before the end of the listing (" + listingMonths + " months)");
        }
        rules = List.copyOf(rules);
        Objects.requireNonNull(acts, "acts");
    }

    /**
     * What one act is: the law counts separately penalised acts, not the records that report them
     * (Advertising Law art. 55 "3 or more times"; Administrative Penalty Law 2021 art. 29: one
     * illegal act is fined once, under the provision with the higher fine). Silver deduplicates
     * only by {@code violation_id}, so a re-report, a second reviewer's record or a correction sent
     * under a new id are further records of the same act. The confirmed records of one subject
     * that share the values of these fields are one act; which fields is configuration
     * ({@code conf/offenders.yaml}, {@code acts}). Shipped: broadcast and category for a record
     * that names a broadcast, category and Beijing detection day for one that does not.
     *
     * @param withBroadcast    fields for records with a {@code broadcast_id}; must contain
     *                         {@code broadcast_id} and {@code category}
     * @param withoutBroadcast fields for records without one; must contain {@code category} and
     *                         {@code detected_on} and must not contain {@code broadcast_id}
     * @throws IllegalArgumentException on an unknown, repeated or missing field
     */
    public record Acts(List<String> withBroadcast, List<String> withoutBroadcast) {
        /** Fields an act may be keyed by (besides the subject, which is always part of it). */
        public static final List<String> FIELDS = List.of("broadcast_id", "category", "detected_on", "platform_id");

        public Acts {
            check("with_broadcast", withBroadcast);
            check("without_broadcast", withoutBroadcast);
            if (!withBroadcast.contains("broadcast_id") || !withBroadcast.contains("category")) {
                throw new IllegalArgumentException("acts.with_broadcast must contain broadcast_id and category, not " + withBroadcast);
            }
            if (withoutBroadcast.contains("broadcast_id") || !withoutBroadcast.contains("category")
                    || !withoutBroadcast.contains("detected_on")) {
                throw new IllegalArgumentException("acts.without_broadcast must contain category and detected_on and not broadcast_id, not "
                        + withoutBroadcast);
            }
            withBroadcast = List.copyOf(withBroadcast);
            withoutBroadcast = List.copyOf(withoutBroadcast);
        }

        private static void check(String key, List<String> fields) {
            if (fields == null || fields.isEmpty() || !FIELDS.containsAll(fields) || fields.stream().distinct().count() != fields.size()) {
                throw new IllegalArgumentException("acts." + key + " must be distinct fields among " + FIELDS + ", not " + fields);
            }
        }

        /**
         * The act a record belongs to, e.g. {@code b:B1|V04} (broadcast B1, category V04) or
         * {@code d:V04|2026-05-01} (no broadcast): {@code b:} or {@code d:} then the values of the
         * configured fields in their configured order, joined by {@code |}. Unique within a subject.
         */
        public String actId(OffenderViolation v) {
            boolean b = v.broadcastId() != null;
            return (b ? "b:" : "d:") + (b ? withBroadcast : withoutBroadcast).stream().map(f -> switch (f) {
                case "broadcast_id" -> v.broadcastId();
                case "category" -> v.category();
                case "detected_on" -> v.detectedOn().toString();
                case "platform_id" -> v.platformId();
                default -> throw new IllegalStateException(f);
            }).collect(Collectors.joining("|"));
        }
    }

    /** The longest look-back of any rule, in months. */
    public int maxWindowMonths() {
        return rules.stream().mapToInt(Rule::windowMonths).max().orElse(0);
    }

    /**
     * One counting rule: a subject is listed when at least {@code minCount} confirmed acts
     * ({@link RuleEngine.Act}) of severity {@code minSeverity} or worse (and, when
     * {@code heavierPenaltyRequired}, with a heavier penalty; when {@code categories} is not empty,
     * of one of those categories) fell within {@code windowMonths} (act days {@code d} with
     * {@code last - windowMonths < d <= last}); with {@code perCategory} they must share one
     * category. Shipped rules (conf/offenders.yaml): critical with a heavier penalty (count 1,
     * SAMR Order 44), 3 false-advertising acts in 24 months (Advertising Law art. 55), 3 serious
     * acts in 24 months and 3 of one category in 24 months (configuration).
     *
     * <p>A public rule must require a heavier penalty (SAMR Order 44 lists only subjects given a
     * heavier penalty) unless {@code publicWithoutHeavierPenalty} says otherwise with a
     * {@code reason}; {@code conf/offenders.yaml} is refused otherwise (the loader's check, so
     * that tests may build any rule).
     *
     * @param id                     stable id, e.g. {@code R-SERIOUS-3IN24M}
     * @param version                bumped whenever the rule's meaning changes
     * @param minSeverity            s1..s4
     * @param minCount               at least 1
     * @param windowMonths           at least 1
     * @param perCategory            count per taxonomy category
     * @param heavierPenaltyRequired only violations with {@code heavier_penalty = true} count
     * @param isPublic               a merchant listed by this rule appears on the public list
     * @param source                 where the rule comes from (a national rule, or "configuration")
     * @param categories             only acts of these taxonomy categories count; empty: every category
     * @param publicWithoutHeavierPenalty the configuration explicitly publishes this rule's listings
     *                               although it requires no heavier penalty (beyond SAMR Order 44)
     * @param reason                 why a rule goes beyond its source (required by the loader with
     *                               {@code source: configuration} or {@code publicWithoutHeavierPenalty});
     *                               null otherwise
     */
    public record Rule(String id, int version, String minSeverity, int minCount, int windowMonths, boolean perCategory,
                       boolean heavierPenaltyRequired, boolean isPublic, String source, List<String> categories,
                       boolean publicWithoutHeavierPenalty, String reason) {
        public Rule {
            if (!List.of("s1", "s2", "s3", "s4").contains(minSeverity)) {
                throw new IllegalArgumentException(id + ": min_severity must be s1..s4, not " + minSeverity);
            }
            if (minCount < 1 || windowMonths < 1 || version < 1) {
                throw new IllegalArgumentException(id + ": min_count, window_months and version must be at least 1");
            }
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        /** A rule over every category, without an explicit exception or reason. */
        public Rule(String id, int version, String minSeverity, int minCount, int windowMonths, boolean perCategory,
                    boolean heavierPenaltyRequired, boolean isPublic, String source) {
            this(id, version, minSeverity, minCount, windowMonths, perCategory, heavierPenaltyRequired, isPublic, source,
                    List.of(), false, null);
        }

        /** {@code id@version}, the form stamped on listings and events. */
        public String ref() {
            return id + "@" + version;
        }

        /** Whether this act counts for the rule (severe enough, heavier penalty when required, category). */
        public boolean counts(RuleEngine.Act a) {
            return a.severity().compareTo(minSeverity) >= 0 && (!heavierPenaltyRequired || a.heavierPenalty())
                    && (categories.isEmpty() || categories.contains(a.category()));
        }
    }
}
