package org.livegov.metrics.offenders;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Preview of a rule change: who a proposed policy would list that the current one does not, and
 * the reverse, on the same violations and the same as-of day. Pure: no Spark, no I/O.
 *
 * <p>Both policies are evaluated the same way, from no listing at all ({@link Lifecycle#step} with
 * no previous listing and no early-removal decision), so the comparison shows what the rules
 * themselves decide and not what a listing's history (a decision, a refusal) added. A subject is
 * evaluated under a policy only when that policy's candidate filter admits it (its
 * {@code subject_roles}), as in the nightly run. "On the list" means an active listing state
 * (preliminary, listed, eligible for early removal): a preliminary subject is one the rules have
 * already decided and only the notice period separates from the list. Source: configuration (a
 * regulator approves a rule change from this list; issue 13 item 5).
 */
public final class WhatIf {
    private WhatIf() {
    }

    /** What the proposed policy changes for one subject. */
    public enum Kind {
        /** Listed under the proposed policy, not under the current one. */
        ADDED,
        /** Listed under the current policy, not under the proposed one. */
        REMOVED,
        /** Listed under both, by other rules or with another publicity. */
        CHANGED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param kind           added, removed or changed
     * @param subjectKey     the subject
     * @param subjectRole    the role it would be listed under ({@link SubjectRoles#primary})
     * @param currentRules   {@code id@version} of the current rules that list it (empty when none)
     * @param proposedRules  the same under the proposed policy
     * @param currentPublic  on the public list under the current policy
     * @param proposedPublic on the public list under the proposed policy
     * @param triggeredOn    Beijing day of the act that completed the deciding rule (the proposed one
     *                       for added and changed, the current one for removed)
     * @param evidenceIds    the violation records behind it, same side as {@code triggeredOn}
     * @param evidence       the firing described with its acts ({@link Listing#reason()} of a new listing)
     */
    public record Change(Kind kind, String subjectKey, String subjectRole, List<String> currentRules,
                         List<String> proposedRules, boolean currentPublic, boolean proposedPublic,
                         LocalDate triggeredOn, List<String> evidenceIds, String evidence) {
    }

    /**
     * @param counts  subjects on the list under the current and the proposed policy
     * @param changes one per subject whose listing differs, ordered by kind, then subject key
     */
    public record Result(int currentListed, int proposedListed, List<Change> changes) {
        public long count(Kind k) {
            return changes.stream().filter(c -> c.kind() == k).count();
        }
    }

    /**
     * @param current            the policy in force
     * @param proposed           the policy under review
     * @param currentCandidates  subjects the current policy's candidate filter admits
     *                           ({@link OffenderSets#candidateSubjects})
     * @param proposedCandidates the same for the proposed policy
     * @param violations         every candidate's violations, by subject key (any status)
     * @param asOf               Beijing day of the evaluation (inclusive)
     * @return the differences
     * @throws NullPointerException when an argument is null
     */
    public static Result compare(OffenderPolicy current, OffenderPolicy proposed, Set<String> currentCandidates,
                                 Set<String> proposedCandidates, Map<String, List<OffenderViolation>> violations,
                                 LocalDate asOf) {
        Set<String> all = new TreeSet<>(currentCandidates);
        all.addAll(proposedCandidates);
        List<Change> changes = new ArrayList<>();
        int nCurrent = 0;
        int nProposed = 0;
        for (String s : all) {
            List<OffenderViolation> vs = violations.getOrDefault(s, List.of());
            Listing c = currentCandidates.contains(s) ? evaluate(current, s, vs, asOf) : null;
            Listing p = proposedCandidates.contains(s) ? evaluate(proposed, s, vs, asOf) : null;
            nCurrent += c == null ? 0 : 1;
            nProposed += p == null ? 0 : 1;
            Kind kind = c == null && p == null ? null
                    : c == null ? Kind.ADDED
                    : p == null ? Kind.REMOVED
                    : c.ruleRefs().equals(p.ruleRefs()) && c.isPublic() == p.isPublic() ? null : Kind.CHANGED;
            if (kind != null) {
                Listing side = p != null ? p : c;
                changes.add(new Change(kind, s, side.subjectRole(), c == null ? List.of() : c.ruleRefs(),
                        p == null ? List.of() : p.ruleRefs(), c != null && c.isPublic(), p != null && p.isPublic(),
                        side.triggeredOn(), side.evidenceIds(), Lifecycle.describe(Lifecycle.fireAll(
                                side == p ? proposed : current, vs, side.scopeFrom() == null ? LocalDate.MIN : side.scopeFrom(), asOf))));
            }
        }
        changes.sort(java.util.Comparator.comparing(Change::kind).thenComparing(Change::subjectKey));
        return new Result(nCurrent, nProposed, List.copyOf(changes));
    }

    /**
     * Rules whose meaning the proposal changes under the same {@code id@version}: listings and
     * events record {@code id@version}, so such a change must bump the version (conf/offenders.yaml).
     *
     * @return the refs, in the proposal's order; empty when every changed rule has a new version
     */
    public static List<String> changedWithoutNewVersion(OffenderPolicy current, OffenderPolicy proposed) {
        List<String> out = new ArrayList<>();
        for (OffenderPolicy.Rule p : proposed.rules()) {
            current.rules().stream().filter(c -> c.ref().equals(p.ref()) && !c.equals(p)).findFirst()
                    .ifPresent(c -> out.add(p.ref()));
        }
        return out;
    }

    /** The subject's listing under {@code policy} from no history, or null when it would not be on the list. */
    static Listing evaluate(OffenderPolicy policy, String subjectKey, List<OffenderViolation> vs, LocalDate asOf) {
        Listing l = Lifecycle.step(policy, subjectKey, null, vs, List.of(), asOf, "what-if", "what-if").listing();
        return l != null && l.state().active() ? l : null;
    }
}
