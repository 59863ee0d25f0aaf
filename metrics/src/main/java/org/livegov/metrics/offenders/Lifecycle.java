package org.livegov.metrics.offenders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One run's step of the listing lifecycle for one subject. Pure: no Spark, no I/O.
 *
 * <pre>
 *   (none) ──rule fires──▶ preliminary ──noticeDays──▶ listed ──earlyRemovalMonths, no new
 *   serious violation──▶ eligible_early_removal ──decision──▶ removed_early
 *   listed / eligible ──listingMonths──▶ expired;  eligible ──late serious violation──▶ listed
 *   any active state ──no rule fires on the remaining evidence──▶ withdrawn
 *   after removed_early / expired: a rule completed by a violation after the end ──▶ new listing (seq+1)
 * </pre>
 *
 * Periods: SAMR Order 44 (3-year listing, early removal after 1 year, no new heavier penalty;
 * domain.md §2), kept as configuration in {@code conf/offenders.yaml}; the notice period is
 * configuration. Evidence is re-evaluated every run, so a violation that arrives late or is
 * overturned on appeal changes the listing at the next run, and the event says why.
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    /**
     * @param listing the subject's listing after the step (the previous one when nothing changed;
     *                null when the subject has none)
     * @param events  what changed, in order; empty when nothing did
     */
    public record Step(Listing listing, List<ListingEvent> events) {
        public boolean changed() {
            return !events.isEmpty();
        }
    }

    /**
     * @param policy      rules and periods
     * @param subjectKey  the subject
     * @param subjectRole its role
     * @param latest      the subject's latest listing (highest seq), or null
     * @param violations  all the subject's violations as they stand now (any status)
     * @param decisions   early-removal decisions naming the subject's listings
     * @param asOf        Beijing run day
     * @param runId       run making the decisions
     * @param batchId     batch of the run
     * @return the step
     * @throws IllegalArgumentException when {@code latest} belongs to another subject
     */
    public static Step step(OffenderPolicy policy, String subjectKey, String subjectRole, Listing latest,
                            List<OffenderViolation> violations, List<EarlyRemovalDecision> decisions, LocalDate asOf,
                            String runId, String batchId) {
        if (latest != null && !latest.subjectKey().equals(subjectKey)) {
            throw new IllegalArgumentException(latest.listingId() + " is not a listing of " + subjectKey);
        }
        List<ListingEvent> events = new ArrayList<>();
        Listing cur = latest;
        if (cur == null || !cur.state().active()) {
            LocalDate from = asOf.minusMonths(policy.listingMonths()).plusDays(1);
            if (cur != null && cur.state() != ListingState.WITHDRAWN && cur.endedOn() != null
                    && !cur.endedOn().isBefore(from)) {
                from = cur.endedOn().plusDays(1); // re-listing needs a rule completed after the end
            }
            List<RuleEngine.Firing> firings = fireAll(policy, violations, from, asOf);
            if (firings.isEmpty()) {
                return new Step(latest, List.of());
            }
            int seq = cur == null ? 1 : cur.seq() + 1;
            cur = new Listing(subjectKey + "#" + seq, subjectKey, subjectRole, seq, ListingState.PRELIMINARY,
                    triggered(firings), from, asOf, null, null, null, null, refs(firings), isPublic(firings),
                    evidence(firings), null, describe(firings), runId, batchId);
            events.add(event(cur, null, "newly_preliminary", batchId, asOf));
        } else {
            List<RuleEngine.Firing> firings = fireAll(policy, violations, cur.scopeFrom(), asOf);
            Map<String, OffenderViolation> byId = violations.stream()
                    .collect(Collectors.toMap(OffenderViolation::violationId, v -> v, (a, b) -> a));
            List<String> dropped = cur.evidenceIds().stream().filter(id -> firings.stream()
                    .noneMatch(f -> f.evidence().stream().anyMatch(v -> v.violationId().equals(id))))
                    .map(id -> id + " (" + (byId.containsKey(id) ? byId.get(id).status() : "no longer in silver") + ")")
                    .toList();
            if (firings.isEmpty()) {
                String why = "withdrawn: no rule fires on the remaining evidence; dropped " + String.join(", ", dropped);
                Listing w = new Listing(cur.listingId(), subjectKey, subjectRole, cur.seq(), ListingState.WITHDRAWN,
                        cur.triggeredOn(), cur.scopeFrom(), cur.preliminaryFrom(), cur.listedFrom(), cur.eligibleFrom(),
                        cur.endsOn(), asOf, List.of(), cur.isPublic(), cur.evidence(), cur.decisionRef(), why, runId, batchId);
                events.add(event(w, cur.state(), "withdrawn", batchId, asOf));
                return new Step(w, events);
            }
            List<OffenderViolation.Evidence> ev = evidence(firings);
            if (!ev.equals(cur.evidence()) || !refs(firings).equals(cur.ruleRefs())) {
                List<String> before = cur.evidenceIds();
                List<String> added = ev.stream().map(OffenderViolation.Evidence::violationId)
                        .filter(id -> !before.contains(id)).toList();
                String why = "evidence changed: added " + (added.isEmpty() ? "none" : String.join(", ", added))
                        + "; dropped " + (dropped.isEmpty() ? "none" : String.join(", ", dropped)) + "; now " + describe(firings);
                cur = new Listing(cur.listingId(), subjectKey, subjectRole, cur.seq(), cur.state(), triggered(firings),
                        cur.scopeFrom(), cur.preliminaryFrom(), cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), null,
                        refs(firings), isPublic(firings), ev, cur.decisionRef(), why, runId, batchId);
                events.add(event(cur, cur.state(), ListingEvent.EVIDENCE_CHANGED, batchId, asOf));
            }
        }
        cur = advance(policy, cur, violations, decisions, asOf, runId, batchId, events);
        return new Step(cur, events);
    }

    /** Time- and decision-driven transitions, repeated until none applies (a long gap may pass several). */
    private static Listing advance(OffenderPolicy policy, Listing cur, List<OffenderViolation> violations,
                                   List<EarlyRemovalDecision> decisions, LocalDate asOf, String runId, String batchId,
                                   List<ListingEvent> events) {
        for (int guard = 0; guard < 8 && cur.state().active(); guard++) {
            ListingState s = cur.state();
            Listing next = null;
            String change = null;
            if (s == ListingState.PRELIMINARY) {
                LocalDate listed = cur.preliminaryFrom().plusDays(policy.noticeDays());
                if (!asOf.isBefore(listed)) {
                    next = dates(cur, ListingState.LISTED, listed, listed.plusMonths(policy.earlyRemovalMonths()),
                            listed.plusMonths(policy.listingMonths()), null, cur.decisionRef(),
                            "listed on " + listed + " after " + policy.noticeDays() + " days' notice; " + cur.ruleRefs(),
                            runId, batchId);
                    change = "newly_listed";
                }
            } else if (!asOf.isBefore(cur.endsOn())) {
                next = dates(cur, ListingState.EXPIRED, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), cur.endsOn(),
                        cur.decisionRef(), "expired on " + cur.endsOn() + " after " + policy.listingMonths() + " months",
                        runId, batchId);
                change = "expired";
            } else {
                Listing c = cur;
                Optional<OffenderViolation> blocking = violations.stream()
                        .filter(v -> v.confirmed() && v.severity().compareTo(policy.earlyRemovalBlockedFrom()) >= 0
                                && !v.detectedOn().isBefore(c.listedFrom()) && !v.detectedOn().isAfter(asOf))
                        .min(RuleEngine.ORDER);
                Optional<EarlyRemovalDecision> decision = decisions.stream()
                        .filter(d -> d.listingId().equals(c.listingId()) && !d.decidedOn().isAfter(asOf)
                                && !d.decisionRef().equals(c.decisionRef()))
                        .findFirst();
                if (s == ListingState.LISTED && blocking.isEmpty() && !asOf.isBefore(cur.eligibleFrom())) {
                    next = cur.with(ListingState.ELIGIBLE_EARLY_REMOVAL, "eligible for early removal since "
                            + cur.eligibleFrom() + ": listed " + policy.earlyRemovalMonths()
                            + " months, no confirmed " + policy.earlyRemovalBlockedFrom() + "+ violation since listing");
                    change = "eligible_early_removal";
                } else if (s == ListingState.ELIGIBLE_EARLY_REMOVAL && blocking.isPresent()) {
                    next = cur.with(ListingState.LISTED, "back to listed: " + blocking.get().violationId() + " ("
                            + blocking.get().severity() + ", " + blocking.get().detectedOn() + ") after listing");
                    change = "back_to_listed";
                } else if (s == ListingState.ELIGIBLE_EARLY_REMOVAL && decision.isPresent()
                        && !decision.get().decidedOn().isBefore(cur.eligibleFrom())) {
                    EarlyRemovalDecision d = decision.get();
                    next = dates(cur, ListingState.REMOVED_EARLY, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(),
                            d.decidedOn(), d.decisionRef(), "removed early by decision " + d.decisionRef() + " of "
                                    + d.decidedOn(), runId, batchId);
                    change = "removed_early";
                } else if (decision.isPresent()) {
                    EarlyRemovalDecision d = decision.get();
                    String why = "decision " + d.decisionRef() + " of " + d.decidedOn() + " refused: "
                            + (blocking.isPresent() ? "new violation " + blocking.get().violationId() + " since listing"
                            : "not eligible before " + cur.eligibleFrom());
                    Listing refused = dates(cur, s, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), null,
                            d.decisionRef(), why, runId, batchId);
                    events.add(event(refused, s, "decision_refused", batchId, asOf));
                    return refused;
                }
            }
            if (next == null) {
                return cur;
            }
            next = new Listing(next.listingId(), next.subjectKey(), next.subjectRole(), next.seq(), next.state(),
                    next.triggeredOn(), next.scopeFrom(), next.preliminaryFrom(), next.listedFrom(), next.eligibleFrom(),
                    next.endsOn(), next.endedOn(), next.ruleRefs(), next.isPublic(), next.evidence(), next.decisionRef(),
                    next.reason(), runId, batchId);
            events.add(event(next, s, change, batchId, asOf));
            cur = next;
        }
        return cur;
    }

    private static Listing dates(Listing c, ListingState s, LocalDate listed, LocalDate eligible, LocalDate ends,
                                 LocalDate ended, String decisionRef, String why, String runId, String batchId) {
        return new Listing(c.listingId(), c.subjectKey(), c.subjectRole(), c.seq(), s, c.triggeredOn(), c.scopeFrom(),
                c.preliminaryFrom(), listed, eligible, ends, ended, c.ruleRefs(), c.isPublic(), c.evidence(), decisionRef,
                why, runId, batchId);
    }

    /** Every rule's earliest firing in {@code [from, asOf]}, in policy order. */
    public static List<RuleEngine.Firing> fireAll(OffenderPolicy policy, List<OffenderViolation> violations,
                                                  LocalDate from, LocalDate asOf) {
        List<RuleEngine.Firing> out = new ArrayList<>();
        for (OffenderPolicy.Rule r : policy.rules()) {
            RuleEngine.fire(policy.acts(), r, violations, from, asOf).ifPresent(out::add);
        }
        return out;
    }

    private static LocalDate triggered(List<RuleEngine.Firing> fs) {
        return fs.stream().map(RuleEngine.Firing::triggeredOn).min(LocalDate::compareTo).orElseThrow();
    }

    private static List<String> refs(List<RuleEngine.Firing> fs) {
        return fs.stream().map(f -> f.rule().ref()).toList();
    }

    private static boolean isPublic(List<RuleEngine.Firing> fs) {
        return fs.stream().anyMatch(f -> f.rule().isPublic());
    }

    /** Every record merged into the firings' acts, each naming its act, ordered by day then id. */
    private static List<OffenderViolation.Evidence> evidence(List<RuleEngine.Firing> fs) {
        Map<String, OffenderViolation.Evidence> all = new TreeMap<>();
        Map<String, OffenderViolation> byId = new TreeMap<>();
        fs.forEach(f -> f.acts().forEach(a -> a.records().forEach(v -> {
            all.put(v.violationId(), v.evidence(a.actId()));
            byId.put(v.violationId(), v);
        })));
        return byId.values().stream().sorted(RuleEngine.ORDER).map(v -> all.get(v.violationId())).toList();
    }

    /**
     * E.g. {@code R-FALSE-AD-3IN24M@1 fired on 2026-05-03 (3 acts: b:B7|V04 2025-06-01 s3 [V1 KS, V8 KS],
     * d:V04|2026-01-10 s3 [V2 DY], …)}: each act with its day, severity and merged records.
     */
    static String describe(List<RuleEngine.Firing> fs) {
        List<String> parts = new ArrayList<>();
        for (RuleEngine.Firing f : fs) {
            parts.add(f.rule().ref() + " fired on " + f.triggeredOn() + " (" + f.acts().size() + (f.acts().size() == 1 ? " act: " : " acts: ") + f.acts().stream()
                    .map(a -> a.actId() + " " + a.day() + " " + a.severity() + " [" + a.records().stream()
                            .map(v -> v.violationId() + " " + v.platformId()).collect(Collectors.joining(", ")) + "]")
                    .collect(Collectors.joining(", ")) + ")");
        }
        return String.join("; ", parts);
    }

    private static ListingEvent event(Listing l, ListingState from, String change, String batchId, LocalDate asOf) {
        String fromCode = from == null ? null : from.code();
        String id = sha256(String.join("|", batchId, l.listingId(), String.valueOf(fromCode), l.state().code(), change,
                String.join(",", l.ruleRefs()), String.join(",", l.evidenceIds()), String.valueOf(l.decisionRef())));
        return new ListingEvent(id, l.runId(), batchId, asOf, l.listingId(), l.subjectKey(), l.subjectRole(), fromCode,
                l.state().code(), change, l.ruleRefs(), l.reason(), l.evidenceIds());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Groups violations by subject key, keeping input order within a subject. */
    public static Map<String, List<OffenderViolation>> bySubject(List<OffenderViolation> violations) {
        Map<String, List<OffenderViolation>> m = new LinkedHashMap<>();
        violations.forEach(v -> m.computeIfAbsent(v.subjectKey(), k -> new ArrayList<>()).add(v));
        return m;
    }
}
