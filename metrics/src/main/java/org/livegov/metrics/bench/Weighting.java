package org.livegov.metrics.bench;

import java.util.Map;
import java.util.Objects;

/**
 * An alternative set of composite weights, for the sensitivity of ranks to the weighting
 * (JRC/OECD Handbook on Constructing Composite Indicators, 2008, step 7). Weights are given per
 * indicator id, may cover several roles, and are re-normalised within a role; an indicator of
 * the role that is absent from the map has weight 0. The weights themselves are configuration.
 *
 * @param name    name of the weighting, e.g. {@code equal}; not blank
 * @param weights indicator id → weight (≥ 0, finite); copied
 * @throws IllegalArgumentException on a blank name or a negative, infinite or NaN weight
 */
public record Weighting(String name, Map<String, Double> weights) {
    public Weighting {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("weighting name is blank");
        Objects.requireNonNull(weights, "weights of weighting " + name);
        weights = Map.copyOf(weights);
        weights.forEach((id, w) -> {
            if (w == null || !(w >= 0) || Double.isInfinite(w))
                throw new IllegalArgumentException("weighting " + name + ": weight " + w + " of " + id + " must be finite and >= 0");
        });
    }

    /** @return the weight of an indicator under this weighting, 0 when absent */
    public double weightOf(String indicatorId) {
        return weights.getOrDefault(indicatorId, 0.0);
    }
}
