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
 *   (none) ──rule fires (triggering decision T)──▶ preliminary ──T + noticeDays──▶ listed
 *   listed ──listedFrom + earlyRemovalMonths, no new serious violation──▶ eligible_early_removal ──decision──▶ removed_early
 *   listed / eligible ──T + listingMonths──▶ expired;  eligible ──serious violation on or after listedFrom──▶ listed
 *   any active state ──no rule fires on the remaining evidence──▶ withdrawn
 *   (none) ──rule fired, but T + listingMonths is on or before the run day──▶ expired (recorded, never listed)
 *   after removed_early / expired: a rule completed by a violation after the end ──▶ new listing (seq+1)
 * </pre>
 *
 * <p>The term runs from the triggering decision, not from the run that happens to process it: a
 * listing's dates are a function of its triggering day {@code T} (the detection day of the act
 * that completed the earliest firing rule, {@link RuleEngine.Firing#triggeredOn}) and of the
 * dated violations and decisions, never of the run day. Preliminary from {@code T} (the subject is
 * notified with the decision), listed from {@code T + noticeDays}, eligible for early removal from
 * {@code listedFrom + earlyRemovalMonths}, ends on {@code T + listingMonths}. So one run over two
 * years of data gives the listings, with the dates, that a run every night would have given. A firing
 * whose term has run out by the run day is recorded (state expired, event
 * {@code recorded_not_listed}) and never put on a list; a term processed late but still running is
 * listed at once for the rest of its term, which is not extended.
 *
 * <p>Periods: SAMR Order 44 (3-year listing, early removal after 1 year, no new heavier penalty;
 * domain.md §2), kept as configuration in {@code conf/offenders.yaml}; the notice period is
 * configuration. Evidence is re-evaluated every run, so a violation that arrives late or is
 * overturned on appeal changes the listing at the next run, and the event says why. A listing that
 * ends keeps the evidence as of its end day.
 */
public final class Lifecycle {
    /** At most this many listings of one subject are opened in one step (a long backfill). */
    static final int MAX_LISTINGS_PER_STEP = 100;

    private Lifecycle() {
    }

    /**
     * @param listing the subject's latest listing after the step (the previous one when nothing
     *                changed; null when the subject has none)
     * @param written every listing the step changed or opened, in order (more than one when a
     *                backfill ends one listing and opens the next); write these
     * @param events  what changed, in order; empty when nothing did
     */
    public record Step(Listing listing, List<Listing> written, List<ListingEvent> events) {
        public boolean changed() {
            return !events.isEmpty();
        }
    }

    /**
     * @param policy      rules and periods
     * @param subjectKey  the subject (one key per USCC, whatever its roles; its roles come from the
     *                    acts, {@link SubjectRoles})
     * @param latest      the subject's latest listing (highest seq), or null
     * @param violations  all the subject's violations as they stand now (any status)
     * @param decisions   early-removal decisions naming the subject's listings
     * @param asOf        Beijing run day
     * @param runId       run making the decisions
     * @param batchId     batch of the run
     * @return the step
     * @throws IllegalArgumentException when {@code latest} belongs to another subject
     */
    public static Step step(OffenderPolicy policy, String subjectKey, Listing latest, List<OffenderViolation> violations,
                            List<EarlyRemovalDecision> decisions, LocalDate asOf, String runId, String batchId) {
        if (latest != null && !latest.subjectKey().equals(subjectKey)) {
            throw new IllegalArgumentException(latest.listingId() + " is not a listing of " + subjectKey);
        }
        List<ListingEvent> events = new ArrayList<>();
        Map<String, Listing> changed = new LinkedHashMap<>();
        Listing cur = latest;
        if (cur != null && cur.state().active()) {
            cur = review(policy, cur, violations, decisions, asOf, runId, batchId, events);
            if (!events.isEmpty()) {
                changed.put(cur.listingId(), cur);
            }
        }
        for (int i = 0; i < MAX_LISTINGS_PER_STEP && (cur == null || !cur.state().active()); i++) {
            Listing next = open(policy, subjectKey, cur, violations, decisions, asOf, runId, batchId, events);
            if (next == null) {
                break;
            }
            changed.put(next.listingId(), next);
            cur = next;
        }
        return new Step(cur, List.copyOf(changed.values()), events);
    }

    /** Opens the next listing after {@code prev} (null: the subject's first), or returns null. */
    private static Listing open(OffenderPolicy policy, String subjectKey, Listing prev, List<OffenderViolation> violations,
                                List<EarlyRemovalDecision> decisions, LocalDate asOf, String runId, String batchId,
                                List<ListingEvent> events) {
        // re-listing needs a rule completed after the end; after a withdrawal, the withdrawn scope
        LocalDate from = prev == null ? null
                : prev.state() == ListingState.WITHDRAWN ? prev.scopeFrom() : prev.endedOn().plusDays(1);
        LocalDate scope = from == null ? LocalDate.MIN : from;
        List<RuleEngine.Firing> firings = fireAll(policy, violations, scope, asOf);
        if (firings.isEmpty()) {
            return null;
        }
        int seq = prev == null ? 1 : prev.seq() + 1;
        LocalDate t = triggered(firings);
        Listing opened = build(subjectKey + "#" + seq, subjectKey, seq, t, from, firings, runId, batchId);
        LocalDate end = advance(policy, opened, violations, decisions, asOf, runId, batchId, new ArrayList<>()).endedOn();
        if (end != null && end.isBefore(asOf)) {
            firings = fireAll(policy, violations, scope, end);  // the evidence as of its end day
            opened = build(subjectKey + "#" + seq, subjectKey, seq, t, from, firings, runId, batchId);
        }
        int before = events.size();
        events.add(event(opened, null, "newly_preliminary", batchId, asOf));
        Listing cur = advance(policy, opened, violations, decisions, asOf, runId, batchId, events);
        if (cur.state() == ListingState.EXPIRED) {
            // the whole term lies before this run: recorded, never published
            events.subList(before, events.size()).clear();
            cur = at(cur, ListingState.EXPIRED, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), cur.endedOn(),
                    cur.decisionRef(), "recorded, not listed: the term from the triggering decision of " + t + " ran out on "
                            + cur.endsOn() + ", on or before the run day " + asOf + "; " + describe(firings), runId, batchId);
            events.add(event(cur, null, "recorded_not_listed", batchId, asOf));
        }
        return cur;
    }

    private static Listing build(String listingId, String subjectKey, int seq, LocalDate t, LocalDate scopeFrom,
                                 List<RuleEngine.Firing> firings, String runId, String batchId) {
        List<String> roles = SubjectRoles.of(acts(firings));
        return new Listing(listingId, subjectKey, SubjectRoles.primary(roles), roles, seq, ListingState.PRELIMINARY, t,
                scopeFrom, t, null, null, null, null, refs(firings), isPublic(firings), evidence(firings), null,
                describe(firings), runId, batchId);
    }

    /** Re-evaluates an active listing's evidence, then moves it on in time. */
    private static Listing review(OffenderPolicy policy, Listing cur, List<OffenderViolation> violations,
                                  List<EarlyRemovalDecision> decisions, LocalDate asOf, String runId, String batchId,
                                  List<ListingEvent> events) {
        LocalDate scope = cur.scopeFrom() == null ? LocalDate.MIN : cur.scopeFrom();
        List<RuleEngine.Firing> firings = fireAll(policy, violations, scope, asOf);
        Map<String, OffenderViolation> byId = violations.stream()
                .collect(Collectors.toMap(OffenderViolation::violationId, v -> v, (a, b) -> a));
        if (firings.isEmpty()) {
            List<String> dropped = cur.evidenceIds().stream()
                    .map(id -> id + " (" + (byId.containsKey(id) ? byId.get(id).status() : "no longer in silver") + ")").toList();
            Listing w = at(cur, ListingState.WITHDRAWN, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), asOf,
                    cur.decisionRef(), "withdrawn: no rule fires on the remaining evidence; dropped "
                            + String.join(", ", dropped), runId, batchId);
            w = new Listing(w.listingId(), w.subjectKey(), w.subjectRole(), w.subjectRoles(), w.seq(), w.state(),
                    w.triggeredOn(), w.scopeFrom(), w.preliminaryFrom(), w.listedFrom(), w.eligibleFrom(), w.endsOn(),
                    w.endedOn(), List.of(), w.isPublic(), w.evidence(), w.decisionRef(), w.reason(), runId, batchId);
            events.add(event(w, cur.state(), "withdrawn", batchId, asOf));
            return w;
        }
        LocalDate t = triggered(firings);
        Listing dated = redate(policy, cur, t);
        LocalDate end = advance(policy, dated, violations, decisions, asOf, runId, batchId, new ArrayList<>()).endedOn();
        if (end != null && end.isBefore(asOf)) {
            firings = fireAll(policy, violations, scope, end);  // the evidence as of its end day
        }
        List<OffenderViolation.Evidence> ev = evidence(firings);
        List<String> roles = SubjectRoles.of(acts(firings));
        if (!ev.equals(cur.evidence()) || !refs(firings).equals(cur.ruleRefs()) || !roles.equals(cur.subjectRoles())
                || !t.equals(cur.triggeredOn())) {
            List<String> before = cur.evidenceIds();
            List<String> now = ev.stream().map(OffenderViolation.Evidence::violationId).toList();
            List<String> added = now.stream().filter(id -> !before.contains(id)).toList();
            List<String> dropped = before.stream().filter(id -> !now.contains(id))
                    .map(id -> id + " (" + (byId.containsKey(id) ? byId.get(id).status() : "no longer in silver") + ")").toList();
            String why = "evidence changed: added " + (added.isEmpty() ? "none" : String.join(", ", added))
                    + "; dropped " + (dropped.isEmpty() ? "none" : String.join(", ", dropped))
                    + (roles.equals(cur.subjectRoles()) ? "" : "; roles " + roles)
                    + (t.equals(cur.triggeredOn()) ? "" : "; triggering decision now " + t) + "; now " + describe(firings);
            cur = new Listing(cur.listingId(), cur.subjectKey(), SubjectRoles.primary(roles), roles, cur.seq(), cur.state(),
                    t, cur.scopeFrom(), dated.preliminaryFrom(), dated.listedFrom(), dated.eligibleFrom(), dated.endsOn(),
                    null, refs(firings), isPublic(firings), ev, cur.decisionRef(), why, runId, batchId);
            events.add(event(cur, cur.state(), ListingEvent.EVIDENCE_CHANGED, batchId, asOf));
        }
        return advance(policy, cur, violations, decisions, asOf, runId, batchId, events);
    }

    /** The listing's dates from triggering day {@code t}. */
    private static Listing redate(OffenderPolicy policy, Listing c, LocalDate t) {
        if (t.equals(c.triggeredOn())) {
            return c;
        }
        LocalDate listed = c.listedFrom() == null ? null : t.plusDays(policy.noticeDays());
        return new Listing(c.listingId(), c.subjectKey(), c.subjectRole(), c.subjectRoles(), c.seq(), c.state(), t,
                c.scopeFrom(), t, listed, listed == null ? null : listed.plusMonths(policy.earlyRemovalMonths()),
                listed == null ? null : t.plusMonths(policy.listingMonths()), c.endedOn(), c.ruleRefs(), c.isPublic(),
                c.evidence(), c.decisionRef(), c.reason(), c.runId(), c.batchId());
    }

    /**
     * Date-driven transitions up to {@code asOf}, in date order: listed on {@code T + noticeDays};
     * then the regulator's decisions in date order, each against the state on its day; then the
     * state on {@code asOf}. Never depends on which run day passes a date.
     */
    private static Listing advance(OffenderPolicy policy, Listing cur, List<OffenderViolation> violations,
                                   List<EarlyRemovalDecision> decisions, LocalDate asOf, String runId, String batchId,
                                   List<ListingEvent> events) {
        if (cur.state() == ListingState.PRELIMINARY) {
            LocalDate listed = cur.triggeredOn().plusDays(policy.noticeDays());
            if (asOf.isBefore(listed)) {
                return cur;
            }
            LocalDate ends = cur.triggeredOn().plusMonths(policy.listingMonths());
            Listing next = at(cur, ListingState.LISTED, listed, listed.plusMonths(policy.earlyRemovalMonths()), ends, null,
                    cur.decisionRef(), "listed on " + listed + " after " + policy.noticeDays()
                            + " days' notice from the triggering decision of " + cur.triggeredOn() + ", until " + ends
                            + "; " + cur.ruleRefs(), runId, batchId);
            events.add(event(next, cur.state(), "newly_listed", batchId, asOf));
            cur = next;
        }
        if (!cur.state().active()) {
            return cur;
        }
        Listing c = cur;
        Optional<OffenderViolation> firstBlock = violations.stream()
                .filter(v -> v.confirmed() && v.severity().compareTo(policy.earlyRemovalBlockedFrom()) >= 0
                        && !v.detectedOn().isBefore(c.listedFrom()) && !v.detectedOn().isAfter(asOf))
                .min(RuleEngine.ORDER);
        for (EarlyRemovalDecision d : pending(cur, decisions, asOf)) {
            if (!d.decidedOn().isBefore(cur.endsOn())) {
                break;  // the term ended first
            }
            cur = onDay(policy, cur, firstBlock, d.decidedOn(), asOf, runId, batchId, events);
            if (cur.state() == ListingState.ELIGIBLE_EARLY_REMOVAL) {
                Listing next = at(cur, ListingState.REMOVED_EARLY, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(),
                        d.decidedOn(), d.decisionRef(), "removed early by decision " + d.decisionRef() + " of "
                                + d.decidedOn(), runId, batchId);
                events.add(event(next, cur.state(), "removed_early", batchId, asOf));
                return next;
            }
            boolean blocked = firstBlock.isPresent() && !firstBlock.get().detectedOn().isAfter(d.decidedOn());
            String why = "decision " + d.decisionRef() + " of " + d.decidedOn() + " refused: "
                    + (blocked ? "new violation " + firstBlock.get().violationId() + " since listing"
                    : "not eligible before " + cur.eligibleFrom());
            Listing refused = at(cur, cur.state(), cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), null,
                    d.decisionRef(), why, runId, batchId);
            events.add(event(refused, cur.state(), "decision_refused", batchId, asOf));
            cur = refused;
        }
        return onDay(policy, cur, firstBlock, asOf, asOf, runId, batchId, events);
    }

    /** The time-driven state on {@code day}: expired, eligible for early removal, or listed. */
    private static Listing onDay(OffenderPolicy policy, Listing cur, Optional<OffenderViolation> firstBlock, LocalDate day,
                                 LocalDate asOf, String runId, String batchId, List<ListingEvent> events) {
        ListingState s = cur.state();
        Listing next = null;
        String change = null;
        boolean blocked = firstBlock.isPresent() && !firstBlock.get().detectedOn().isAfter(day);
        if (!day.isBefore(cur.endsOn())) {
            next = at(cur, ListingState.EXPIRED, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), cur.endsOn(),
                    cur.decisionRef(), "expired on " + cur.endsOn() + ", " + policy.listingMonths()
                            + " months after the triggering decision of " + cur.triggeredOn(), runId, batchId);
            change = "expired";
        } else if (s == ListingState.LISTED && !blocked && !day.isBefore(cur.eligibleFrom())) {
            next = at(cur, ListingState.ELIGIBLE_EARLY_REMOVAL, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), null,
                    cur.decisionRef(), "eligible for early removal since " + cur.eligibleFrom() + ": listed "
                            + policy.earlyRemovalMonths() + " months, no confirmed " + policy.earlyRemovalBlockedFrom()
                            + "+ violation since listing", runId, batchId);
            change = "eligible_early_removal";
        } else if (s == ListingState.ELIGIBLE_EARLY_REMOVAL && (blocked || day.isBefore(cur.eligibleFrom()))) {
            next = at(cur, ListingState.LISTED, cur.listedFrom(), cur.eligibleFrom(), cur.endsOn(), null,
                    cur.decisionRef(), blocked ? "back to listed: " + firstBlock.get().violationId() + " ("
                            + firstBlock.get().severity() + ", " + firstBlock.get().detectedOn() + ") after listing"
                            : "back to listed: not eligible before " + cur.eligibleFrom(), runId, batchId);
            change = "back_to_listed";
        }
        if (next == null) {
            return cur;
        }
        events.add(event(next, s, change, batchId, asOf));
        return next;
    }

    /** The listing's decisions up to {@code asOf} not yet taken into account, by day then reference. */
    private static List<EarlyRemovalDecision> pending(Listing cur, List<EarlyRemovalDecision> decisions, LocalDate asOf) {
        List<EarlyRemovalDecision> mine = decisions.stream()
                .filter(d -> d.listingId().equals(cur.listingId()) && !d.decidedOn().isAfter(asOf))
                .sorted(java.util.Comparator.comparing(EarlyRemovalDecision::decidedOn)
                        .thenComparing(EarlyRemovalDecision::decisionRef))
                .toList();
        for (int i = 0; i < mine.size(); i++) {
            if (mine.get(i).decisionRef().equals(cur.decisionRef())) {
                return mine.subList(i + 1, mine.size());
            }
        }
        return mine;
    }

    private static Listing at(Listing c, ListingState s, LocalDate listed, LocalDate eligible, LocalDate ends,
                              LocalDate ended, String decisionRef, String why, String runId, String batchId) {
        return new Listing(c.listingId(), c.subjectKey(), c.subjectRole(), c.subjectRoles(), c.seq(), s, c.triggeredOn(),
                c.scopeFrom(), c.preliminaryFrom(), listed, eligible, ends, ended, c.ruleRefs(), c.isPublic(), c.evidence(),
                decisionRef, why, runId, batchId);
    }

    private static List<OffenderViolation> acts(List<RuleEngine.Firing> fs) {
        List<OffenderViolation> all = new ArrayList<>();
        fs.forEach(f -> all.addAll(f.evidence()));
        return all;
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
