package org.livegov.metrics.offenders;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates one {@link OffenderPolicy.Rule} over one subject's violation records. Pure: no Spark,
 * no I/O.
 *
 * <p>Acts, not records: the confirmed records detected up to {@code asOf} are first merged into
 * acts ({@link #acts}, {@link OffenderPolicy.Acts}); every count below is a count of acts. An act
 * is confirmed when at least one of its records is confirmed (records under appeal or overturned
 * are neither counted nor merged); its day is the earliest detection day of its confirmed records,
 * its severity the worst of theirs, and it carries a heavier penalty when any of them does (one
 * act is penalised once, under the heaviest applicable provision: Administrative Penalty Law 2021
 * art. 29).
 *
 * <p>Sliding window: the rule fires on day {@code d} (the day of a qualifying act) when at least
 * {@code minCount} qualifying acts fell on Beijing days {@code e} with
 * {@code d - windowMonths < e <= d} (with 24 months and {@code d = 2026-06-30}, 2024-07-01 is
 * inside and 2024-06-30 outside). The firing reported is the earliest such day within
 * {@code [from, asOf]}; its evidence is every qualifying act from the first day of that window up
 * to {@code asOf}, with every record merged into it. Source of the window arithmetic: Advertising
 * Law art. 55 ("3 or more times within 2 years"); the thresholds are configuration.
 */
public final class RuleEngine {
    private RuleEngine() {
    }

    /**
     * One act of one subject: its confirmed records that share the act's key.
     *
     * @param actId          {@link OffenderPolicy.Acts#actId}, unique within the subject
     * @param category       the records' category (every act key contains the category)
     * @param severity       worst severity among the records
     * @param heavierPenalty some record carries a heavier penalty
     * @param day            earliest Beijing detection day among the records
     * @param records        the merged records, ordered by day then id (at least one)
     */
    public record Act(String actId, String category, String severity, boolean heavierPenalty, LocalDate day,
                      List<OffenderViolation> records) {
        public List<String> violationIds() {
            return records.stream().map(OffenderViolation::violationId).toList();
        }
    }

    /**
     * A rule that fired.
     *
     * @param rule        the rule
     * @param triggeredOn Beijing day of the act that completed the count
     * @param acts        the acts it rests on, ordered by day then act id
     */
    public record Firing(OffenderPolicy.Rule rule, LocalDate triggeredOn, List<Act> acts) {
        /** Every record merged into the acts, ordered by day then id. */
        public List<OffenderViolation> evidence() {
            return acts.stream().flatMap(a -> a.records().stream()).sorted(ORDER).toList();
        }
    }

    /**
     * The subject's acts as of {@code asOf}.
     *
     * @param violations one subject's records, any status, any order
     * @return acts from the confirmed records detected on or before {@code asOf}, ordered by day
     *     then act id
     */
    public static List<Act> acts(OffenderPolicy.Acts def, List<OffenderViolation> violations, LocalDate asOf) {
        Map<String, List<OffenderViolation>> byAct = new LinkedHashMap<>();
        violations.stream().filter(OffenderViolation::confirmed).filter(v -> !v.detectedOn().isAfter(asOf))
                .sorted(ORDER)
                .forEach(v -> byAct.computeIfAbsent(v.subjectKey() + "\u0000" + def.actId(v), k -> new ArrayList<>()).add(v));
        List<Act> out = new ArrayList<>();
        for (List<OffenderViolation> rs : byAct.values()) {
            OffenderViolation first = rs.get(0);
            String worst = rs.stream().map(OffenderViolation::severity).max(String::compareTo).orElseThrow();
            out.add(new Act(def.actId(first), first.category(), worst, rs.stream().anyMatch(OffenderViolation::heavierPenalty),
                    first.detectedOn(), List.copyOf(rs)));
        }
        out.sort(ACT_ORDER);
        return out;
    }

    /**
     * @param def        what one act is
     * @param rule       the rule
     * @param violations one subject's records, any status, any order (only confirmed ones form acts)
     * @param from       earliest triggering day considered (inclusive)
     * @param asOf       Beijing day of the run (inclusive); later records are ignored
     * @return the earliest firing in {@code [from, asOf]}, or empty
     * @throws NullPointerException when an argument is null
     */
    public static Optional<Firing> fire(OffenderPolicy.Acts def, OffenderPolicy.Rule rule, List<OffenderViolation> violations,
                                        LocalDate from, LocalDate asOf) {
        Map<String, List<Act>> groups = new LinkedHashMap<>();
        acts(def, violations, asOf).stream().filter(rule::counts)
                .forEach(a -> groups.computeIfAbsent(rule.perCategory() ? a.category() : "", k -> new ArrayList<>()).add(a));
        Firing best = null;
        for (List<Act> g : groups.values()) {
            for (int i = rule.minCount() - 1; i < g.size(); i++) {
                LocalDate d = g.get(i).day();
                if (d.isBefore(from)) {
                    continue;
                }
                LocalDate windowStart = d.minusMonths(rule.windowMonths()); // exclusive
                long inWindow = g.stream().filter(a -> a.day().isAfter(windowStart) && !a.day().isAfter(d)).count();
                if (inWindow >= rule.minCount()) {
                    if (best == null || d.isBefore(best.triggeredOn())) {
                        best = new Firing(rule, d, g.stream().filter(a -> a.day().isAfter(windowStart)).toList());
                    }
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the rule fires anywhere on these records (any day up to {@code asOf}). */
    public static boolean firesOn(OffenderPolicy.Acts def, OffenderPolicy.Rule rule, List<OffenderViolation> evidence,
                                  LocalDate asOf) {
        return fire(def, rule, evidence, LocalDate.MIN, asOf).isPresent();
    }

    static final Comparator<OffenderViolation> ORDER = Comparator.comparing(OffenderViolation::detectedOn)
            .thenComparing(OffenderViolation::violationId);
    static final Comparator<Act> ACT_ORDER = Comparator.comparing(Act::day).thenComparing(Act::actId);
}
