package org.livegov.metrics.bench;

import java.util.Objects;

/**
 * One entry of the indicator catalogue ({@code conf/indicators.yaml}): what a governance benchmark
 * measures, for which role, and how it is scored.
 *
 * @param id          stable id, e.g. {@code P01_anchor_real_name}; unique in the catalogue
 * @param role        who is measured
 * @param duty        the duty of the Specification (or national rule) the indicator measures, as text
 * @param numerator   what is counted (text, for the methodology sheet)
 * @param denominator the exposure (text, for the methodology sheet), e.g. "anchors active in the quarter"
 * @param kind        statistical kind: decides the interval, the funnel limits and shrinkage
 * @param direction   whether a higher value is better or worse
 * @param unit        unit of the published value, e.g. "share", "per 1,000 broadcasts", "hours"
 * @param scale       value = numerator / denominator × scale for {@link Kind#PROPORTION} and
 *                    {@link Kind#RATE} (1 for shares, 1000 for "per 1,000 broadcasts"); 1 otherwise
 * @param worst       goalpost scored 0 (in the published unit)
 * @param best        goalpost scored 100 (in the published unit); must differ from {@code worst}
 * @param weight      weight in the role's composite score (≥ 0; a role's weights sum to 1)
 * @param minExposure exposure (denominator) below which the value is not published (suppressed)
 * @throws IllegalArgumentException on a blank id, equal goalposts, a negative weight or exposure,
 *                                  or a scale ≤ 0
 */
public record Indicator(String id, Role role, String duty, String numerator, String denominator, Kind kind,
                        Direction direction, String unit, double scale, double worst, double best, double weight,
                        double minExposure) {

    /** Roles of the Specification that are benchmarked. */
    public enum Role { PLATFORM, MCN, MERCHANT, ANCHOR;
        public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * {@code PROPORTION}: numerator events out of denominator units (Wilson interval, binomial
     * funnel, beta-binomial shrinkage). {@code RATE}: count per exposure (exact Poisson interval,
     * Poisson funnel, gamma-Poisson shrinkage). {@code MEDIAN} and {@code MEAN}: a location of
     * per-unit values, whose value and interval are computed from the units (no funnel, no shrinkage).
     */
    public enum Kind { PROPORTION, RATE, MEDIAN, MEAN }

    public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER }

    public Indicator {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("indicator id is blank");
        Objects.requireNonNull(role, "role of " + id);
        Objects.requireNonNull(kind, "kind of " + id);
        Objects.requireNonNull(direction, "direction of " + id);
        if (worst == best) throw new IllegalArgumentException("indicator " + id + ": goalposts worst and best are equal (" + worst + ")");
        if (!(weight >= 0)) throw new IllegalArgumentException("indicator " + id + ": weight " + weight + " is negative");
        if (!(minExposure >= 0)) throw new IllegalArgumentException("indicator " + id + ": min_exposure " + minExposure + " is negative");
        if (!(scale > 0)) throw new IllegalArgumentException("indicator " + id + ": scale " + scale + " must be > 0");
    }
}
