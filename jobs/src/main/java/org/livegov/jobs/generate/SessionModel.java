package org.livegov.jobs.generate;

/**
 * Distributions of one broadcast's duration, audience and sales, calibrated on the real Douyin
 * sessions in {@code shared/data/real/douyin_live_sessions_2021.csv} (20 top hosts, June-August
 * 2021).
 *
 * <p>Derivation. Of the file's 1,224 sessions, 963 last 2-15 hours (21 % are shorter, 0.2 %
 * longer); the model is fitted on those 963, as LiveGov's broadcasts last 2-15 hours. Their
 * quantiles (p10 / p25 / p50 / p75 / p90):
 * <pre>
 *   duration, hours   3.05 /    3.27 /    4.53 /     6.38 /      9.53
 *   peak viewers     7,063 /  12,392 /  39,526 /   82,568 /   110,927
 *   views          500,047 / 901,780 / 1,929,948 / 4,444,418 / 8,007,265
 *   sales, CNY   1,137,865 / 2,428,141 / 5,452,771 / 10,846,987 / 21,160,361   (non-blank, > 0)
 *   per-customer transaction, CNY   p25 58.41, p50 89.90, p75 162.72
 * </pre>
 * Sales are blank in 3.0 % of these sessions and zero in 6.7 %. Lognormal parameters are the
 * least-squares fit of ln(quantile) = mu + sigma * z(p) over those five quantiles:
 * peak mu 10.362 sigma 1.146, views mu 14.502 sigma 1.104, sales mu 15.445 sigma 1.134 (fitted
 * quantiles within 25 % of the real ones for peak, 6 % for views and sales). Duration: a lognormal
 * mu 1.46 sigma 0.58 (hours) truncated to [2, 15], chosen by grid search to match the quantiles
 * (within 16 %). Correlations of the logarithms in the file: peak-views 0.82, views-sales 0.58;
 * the model draws correlated normals with those coefficients. Orders are sales divided by an
 * order value drawn as lognormal(ln 89.9, 0.76).
 *
 * <p>Scaling down. The file holds top hosts only. A broadcast of an anchor with popularity rank r
 * (1 = most popular) is drawn from the same model with ln(reach) = -ln(max(r, R0) / R0) added:
 * 0.4 * ln(reach) to the logarithms of peak viewers and views, 0.8 * ln(reach) to that of sales,
 * where R0 is the number of top-tier anchors ({@code max(3, anchors / 20000)}, i.e. 20 nationally,
 * like the file). So the median national anchor (r = 200,000) has a median peak of about 800
 * viewers and median sales of about CNY 3,000 a session; smaller anchors sell less, and
 * conversion falls with reach.
 */
final class SessionModel {
    static final double DURATION_MU = 1.46;
    static final double DURATION_SIGMA = 0.58;
    static final double MIN_HOURS = 2;
    static final double MAX_HOURS = 15;
    static final double PEAK_MU = 10.362;
    static final double PEAK_SIGMA = 1.146;
    static final double VIEWS_MU = 14.502;
    static final double VIEWS_SIGMA = 1.104;
    static final double GMV_MU = 15.445;
    static final double GMV_SIGMA = 1.134;
    static final double RHO_PEAK_VIEWS = 0.82;
    static final double RHO_VIEWS_GMV = 0.58;
    static final double GMV_BLANK = 0.030;
    static final double GMV_ZERO = 0.067;
    static final double ORDER_VALUE_MU = Math.log(89.9);
    static final double ORDER_VALUE_SIGMA = 0.76;
    /** Elasticity of audience (peak viewers, views) to reach. */
    static final double AUDIENCE_ELASTICITY = 0.4;
    /** Elasticity of sales to reach. */
    static final double SALES_ELASTICITY = 0.8;

    private static final long MAX_PEAK = 5_000_000L;
    private static final long MAX_VIEWS = 100_000_000L;
    private static final double MAX_GMV = 500_000_000.0;

    /**
     * One drawn session.
     *
     * @param durationSeconds 2-15 hours
     * @param peakViewers     at least 1
     * @param views           at least the peak
     * @param orders          orders, -1 when sales are blank
     * @param gmvFen          sales in fen (CNY cents), -1 when blank
     */
    record Session(int durationSeconds, long peakViewers, long views, long orders, long gmvFen) {
        boolean gmvBlank() {
            return gmvFen < 0;
        }
    }

    private SessionModel() {
    }

    /**
     * @param lnReach ln of the anchor's reach, 0 for a top-tier anchor, negative below
     */
    static Session sample(Rand rng, double lnReach) {
        double hours;
        do {
            hours = rng.lognormal(DURATION_MU, DURATION_SIGMA);
        } while (hours < MIN_HOURS || hours > MAX_HOURS);
        int duration = (int) Math.round(hours * 3600);

        double zPeak = rng.gaussian();
        double zViews = RHO_PEAK_VIEWS * zPeak + Math.sqrt(1 - RHO_PEAK_VIEWS * RHO_PEAK_VIEWS) * rng.gaussian();
        double zGmv = RHO_VIEWS_GMV * zViews + Math.sqrt(1 - RHO_VIEWS_GMV * RHO_VIEWS_GMV) * rng.gaussian();
        double audienceShift = AUDIENCE_ELASTICITY * lnReach;
        long peak = Math.max(1, Math.min(MAX_PEAK,
                Math.round(Math.exp(PEAK_MU + PEAK_SIGMA * zPeak + audienceShift))));
        long views = Math.max(peak, Math.min(MAX_VIEWS,
                Math.round(Math.exp(VIEWS_MU + VIEWS_SIGMA * zViews + audienceShift))));

        double u = rng.uniform();
        if (u < GMV_BLANK) {
            return new Session(duration, peak, views, -1, -1);
        }
        if (u < GMV_BLANK + GMV_ZERO) {
            return new Session(duration, peak, views, 0, 0);
        }
        double gmv = Math.min(MAX_GMV, Math.exp(GMV_MU + GMV_SIGMA * zGmv + SALES_ELASTICITY * lnReach));
        double orderValue = Math.min(5000, Math.max(5, rng.lognormal(ORDER_VALUE_MU, ORDER_VALUE_SIGMA)));
        long orders = Math.max(1, Math.round(gmv / orderValue));
        return new Session(duration, peak, views, orders, Formats.fen(gmv));
    }
}
