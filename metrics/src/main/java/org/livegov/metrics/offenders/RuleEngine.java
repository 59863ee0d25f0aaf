package org.livegov.metrics.offenders;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates one {@link OffenderPolicy.Rule} over one subject's violations. Pure: no Spark, no I/O.
 *
 * <p>Sliding window: the rule fires on day {@code d} (the detection day of a qualifying violation)
 * when at least {@code minCount} qualifying violations were detected on Beijing days {@code e}
 * with {@code d - windowMonths < e <= d} (with 24 months and {@code d = 2026-06-30}, 2024-07-01
 * is inside and 2024-06-30 outside). The firing reported is the earliest such day within
 * {@code [from, asOf]}; its evidence is every qualifying violation from the first day of that
 * window up to {@code asOf}. Source of the window arithmetic: Advertising Law art. 55 ("3 or more
 * times within 2 years"); the thresholds are configuration.
 */
public final class RuleEngine {
    private RuleEngine() {
    }

    /**
     * A rule that fired.
     *
     * @param rule        the rule
     * @param triggeredOn Beijing day of the violation that completed the count
     * @param evidence    the violations it rests on, ordered by day then id
     */
    public record Firing(OffenderPolicy.Rule rule, LocalDate triggeredOn, List<OffenderViolation> evidence) {
    }

    /**
     * @param rule       the rule
     * @param violations one subject's violations, any status, any order (only qualifying ones count)
     * @param from       earliest triggering day considered (inclusive)
     * @param asOf       Beijing day of the run (inclusive); later violations are ignored
     * @return the earliest firing in {@code [from, asOf]}, or empty
     * @throws NullPointerException when an argument is null
     */
    public static Optional<Firing> fire(OffenderPolicy.Rule rule, List<OffenderViolation> violations, LocalDate from,
                                        LocalDate asOf) {
        Map<String, List<OffenderViolation>> groups = new LinkedHashMap<>();
        violations.stream().filter(rule::counts).filter(v -> !v.detectedOn().isAfter(asOf))
                .sorted(ORDER)
                .forEach(v -> groups.computeIfAbsent(rule.perCategory() ? v.category() : "", k -> new ArrayList<>()).add(v));
        Firing best = null;
        for (List<OffenderViolation> g : groups.values()) {
            for (int i = rule.minCount() - 1; i < g.size(); i++) {
                LocalDate d = g.get(i).detectedOn();
                if (d.isBefore(from)) {
                    continue;
                }
                LocalDate windowStart = d.minusMonths(rule.windowMonths()); // exclusive
                long inWindow = g.stream().filter(v -> v.detectedOn().isAfter(windowStart) && !v.detectedOn().isAfter(d)).count();
                if (inWindow >= rule.minCount()) {
                    if (best == null || d.isBefore(best.triggeredOn())) {
                        best = new Firing(rule, d, g.stream().filter(v -> v.detectedOn().isAfter(windowStart)).toList());
                    }
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the rule fires anywhere on this evidence (any day up to {@code asOf}). */
    public static boolean firesOn(OffenderPolicy.Rule rule, List<OffenderViolation> evidence, LocalDate asOf) {
        return fire(rule, evidence, LocalDate.MIN, asOf).isPresent();
    }

    static final Comparator<OffenderViolation> ORDER = Comparator.comparing(OffenderViolation::detectedOn)
            .thenComparing(OffenderViolation::violationId);
}
