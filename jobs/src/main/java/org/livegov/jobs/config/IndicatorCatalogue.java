package org.livegov.jobs.config;

import java.util.List;
import java.util.Map;
import org.livegov.metrics.bench.Indicator;
import org.livegov.metrics.bench.QuarterlyIndicators;

/**
 * {@code conf/indicators.yaml}, validated: the benchmark's indicator catalogue (issue 3).
 *
 * @param version     the catalogue's version text, stamped on releases
 * @param seed        seed of the rank simulation (configuration; makes a release reproducible)
 * @param draws       draws of the rank simulation
 * @param minWeightShare least share of a role's weight an entity needs for a composite and a rank,
 *                    in [0.01, 1] ({@code benchmark.min_weight_share}, configuration; absent: ½)
 * @param rules       numbers of national rules the indicator definitions use (acceptance working
 *                    days come from {@code conf/livegov.yaml})
 * @param indicators  the catalogue, in file order; per role the weights sum to 1
 * @param sources     indicator id → the source its duty is cited from (domain.md §1/§2 or configuration)
 * @param weightings  alternative weightings for the sensitivity analysis, each complete: every
 *                    indicator of the catalogue has a weight (a role the file's weighting does not
 *                    name keeps the catalogue's weights), and per role they sum to 1
 */
public record IndicatorCatalogue(String version, long seed, int draws, double minWeightShare, QuarterlyIndicators.Rules rules,
                                 List<Indicator> indicators, Map<String, String> sources,
                                 List<NamedWeighting> weightings) {

    /**
     * One alternative weighting.
     *
     * @param name        short name, e.g. {@code equal}
     * @param description what it expresses (methodology sheet)
     * @param weights     indicator id → weight, for every indicator of the catalogue
     */
    public record NamedWeighting(String name, String description, Map<String, Double> weights) {
    }

    /** @return the indicators of one role, in catalogue order */
    public List<Indicator> of(Indicator.Role role) {
        return indicators.stream().filter(i -> i.role() == role).toList();
    }
}
