package org.livegov.metrics.trend;

import java.util.List;
import java.util.Map;

/**
 * What an analyst may change about the trend series and their flags ({@code conf/trend.yaml} and
 * {@code conf/gbt2260-provinces.yaml}, loaded strictly by the jobs' config loader). All of it is
 * configuration, not a national rule, except the province table (GB/T 2260).
 *
 * @param festivals         shopping festivals annotated on the months (and quarters) they fall in,
 *                          e.g. "618" in June and "Double 11" in November (shared/domain.md §4)
 * @param sizeBands         MCN size bands by number of contracted anchors, ascending by
 *                          {@code minAnchors}; the first must start at 0
 * @param confidence        two-sided confidence level of the overdispersed Poisson limits, in (0, 1)
 * @param minResidualDf     fewest residual degrees of freedom (history periods − parameters) of the
 *                          quasi-Poisson fit behind an expected value; with less history there is no
 *                          expected value, no limits and no flag ({@link TrendFlags})
 * @param peltPenaltyLogN   PELT penalty per changepoint, as a multiple of ln(n) (n = series length)
 * @param peltMinPeriods    fewest complete periods before a series is searched for changepoints
 * @param provinces         GB/T 2260 province-level code (e.g. 330000) to names
 */
public record TrendConfig(List<Festival> festivals, List<SizeBand> sizeBands, double confidence,
                          int minResidualDf, double peltPenaltyLogN, int peltMinPeriods,
                          Map<String, Province> provinces) {

    /** A shopping festival in one calendar month (1-12). */
    public record Festival(String id, String nameZh, String nameEn, int month) {
    }

    /** MCNs with at least {@code minAnchors} contracted anchors (and fewer than the next band's minimum). */
    public record SizeBand(String id, String labelZh, String labelEn, int minAnchors) {
    }

    /** A province-level division of GB/T 2260. */
    public record Province(String code, String nameZh, String nameEn) {
    }

    /**
     * @return the band of an MCN with {@code anchors} contracted anchors
     * @throws IllegalArgumentException for a negative count
     */
    public SizeBand bandOf(long anchors) {
        if (anchors < 0) {
            throw new IllegalArgumentException("negative anchor count " + anchors);
        }
        SizeBand out = sizeBands.get(0);
        for (SizeBand b : sizeBands) {
            if (anchors >= b.minAnchors()) {
                out = b;
            }
        }
        return out;
    }
}
