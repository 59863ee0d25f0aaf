package org.livegov.metrics.offenders;

import java.util.List;
import java.util.Objects;

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
 * @throws IllegalArgumentException without rules, with early removal not before the end of the
 *     listing, with an empty or unknown subject role, or
 *     with {@code nameReviewMaxSubjects < 2}
 */
public record OffenderPolicy(String version, int listingMonths, int earlyRemovalMonths, int noticeDays,
                             String earlyRemovalBlockedFrom, List<Rule> rules, PeerReview.Rule peerReview,
                             List<String> subjectRoles, int nameReviewMaxSubjects) {
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
    }

    /** The longest look-back of any rule, in months. */
    public int maxWindowMonths() {
        return rules.stream().mapToInt(Rule::windowMonths).max().orElse(0);
    }

    /**
     * One counting rule: a subject is listed when at least {@code minCount} confirmed violations of
     * severity {@code minSeverity} or worse (and, when {@code heavierPenaltyRequired}, with a
     * heavier penalty) were detected within {@code windowMonths} (Beijing days {@code d} with
     * {@code last - windowMonths < d <= last}); with {@code perCategory} they must share one
     * category. The three rules of the issue are all of this form: critical with a heavier penalty
     * (count 1), 3 serious-or-worse in 24 months, 3 of one category in 24 months.
     *
     * @param id                     stable id, e.g. {@code R-SERIOUS-3IN24M}
     * @param version                bumped whenever the rule's meaning changes
     * @param minSeverity            s1..s4
     * @param minCount               at least 1
     * @param windowMonths           at least 1
     * @param perCategory            count per taxonomy category
     * @param heavierPenaltyRequired only violations with {@code heavier_penalty = true} count
     * @param isPublic               a merchant listed by this rule appears on the public list
     * @param source                 where the rule comes from (law, or "configuration")
     */
    public record Rule(String id, int version, String minSeverity, int minCount, int windowMonths, boolean perCategory,
                       boolean heavierPenaltyRequired, boolean isPublic, String source) {
        public Rule {
            if (!List.of("s1", "s2", "s3", "s4").contains(minSeverity)) {
                throw new IllegalArgumentException(id + ": min_severity must be s1..s4, not " + minSeverity);
            }
            if (minCount < 1 || windowMonths < 1 || version < 1) {
                throw new IllegalArgumentException(id + ": min_count, window_months and version must be at least 1");
            }
        }

        /** {@code id@version}, the form stamped on listings and events. */
        public String ref() {
            return id + "@" + version;
        }

        /** Whether this one violation counts for the rule (confirmed, severe enough, penalty). */
        public boolean counts(OffenderViolation v) {
            return v.confirmed() && v.severity().compareTo(minSeverity) >= 0
                    && (!heavierPenaltyRequired || v.heavierPenalty());
        }
    }
}
