package org.livegov.metrics.trend;

/**
 * A quasi-Poisson log-linear model with an offset, fitted by iteratively reweighted least squares
 * (McCullagh and Nelder, <i>Generalized Linear Models</i>, 2nd ed., 1989, §2.5 and §6.2; the model
 * of Farrington et al., "A statistical algorithm for the early detection of outbreaks of infectious
 * disease", JRSS A 159(3), 1996, without its down-weighting of past outbreaks):
 * {@code log E[y_i] = offset_i + x_i'beta}, {@code Var y_i = phi × E[y_i]}.
 *
 * <p>IRLS starts from {@code mu = y + 0.1} (as R's {@code poisson()$initialize}) and repeats: working
 * response {@code z = eta - offset + (y - mu) / mu}, weights {@code w = mu}, solve the p×p normal
 * equations {@code X'WX beta = X'Wz} by Cholesky, until the deviance
 * {@code D = 2 sum(y ln(y/mu) - (y - mu))} changes by less than 1e-10 relative (R's {@code glm.control}
 * rule, tighter), at most {@value #MAX_ITERATIONS} times. Where the maximum-likelihood estimate lies
 * on the boundary (a level whose counts are all 0) the coefficient runs off towards −∞ while the
 * deviance converges, so the fitted means of that level end close to 0, as in R.
 *
 * <p>The overdispersion is the Pearson statistic over the residual degrees of freedom, floored at 1:
 * {@code phi = max(1, sum((y - mu)^2 / mu) / (n - p))}.
 *
 * <p>Linear algebra: a Cholesky solve of the small normal equations written here (p is at most 13
 * in the trend flags). Apache Commons Math3 is on the classpath only as a provided, transitive
 * dependency of Spark, not one LiveGov declares, so it is not used.
 */
public final class QuasiPoisson {
    static final int MAX_ITERATIONS = 100;

    private QuasiPoisson() {
    }

    /**
     * @param beta       coefficients, in the order of the design's columns
     * @param fitted     fitted means mu, one per observation
     * @param phi        Pearson chi-square / (n - p), at least 1
     * @param pearson    the Pearson chi-square sum((y - mu)^2 / mu)
     * @param iterations IRLS iterations used
     */
    public record Fit(double[] beta, double[] fitted, double phi, double pearson, int iterations) {
        /** The mean at a new point: {@code exp(offset + x'beta)}. */
        public double predict(double[] x, double offset) {
            double eta = offset;
            for (int j = 0; j < x.length; j++) {
                eta += x[j] * beta[j];
            }
            return Math.exp(eta);
        }
    }

    /**
     * @param x      design, n rows of p columns (full column rank; include the intercept column)
     * @param y      counts, finite and >= 0
     * @param offset log exposure per observation (0 for exposure 1)
     * @return the fit
     * @throws IllegalArgumentException when n <= p, the rows differ in length, a count is negative or
     *                                  not finite, or an offset is not finite
     * @throws IllegalStateException    when the design is rank deficient or IRLS does not converge
     */
    public static Fit fit(double[][] x, double[] y, double[] offset) {
        int n = y.length;
        if (x.length != n || offset.length != n || n == 0) {
            throw new IllegalArgumentException("x, y and offset need the same, non-zero number of rows");
        }
        int p = x[0].length;
        if (n <= p) {
            throw new IllegalArgumentException("need more observations than parameters, got n = " + n + ", p = " + p);
        }
        for (int i = 0; i < n; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " columns, not " + p);
            }
            if (!(y[i] >= 0) || Double.isInfinite(y[i]) || !Double.isFinite(offset[i])) {
                throw new IllegalArgumentException("counts must be finite and >= 0 and offsets finite, row " + i);
            }
        }
        double[] mu = new double[n];
        double[] eta = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = y[i] + 0.1;
            eta[i] = Math.log(mu[i]);
        }
        double dev = deviance(y, mu);
        double[] beta = new double[p];
        for (int it = 1; it <= MAX_ITERATIONS; it++) {
            double[][] a = new double[p][p];
            double[] b = new double[p];
            for (int i = 0; i < n; i++) {
                double w = mu[i];
                double z = eta[i] - offset[i] + (y[i] - mu[i]) / mu[i];
                for (int j = 0; j < p; j++) {
                    double wx = w * x[i][j];
                    b[j] += wx * z;
                    for (int k = 0; k <= j; k++) {
                        a[j][k] += wx * x[i][k];
                    }
                }
            }
            beta = solve(a, b);
            for (int i = 0; i < n; i++) {
                double e = offset[i];
                for (int j = 0; j < p; j++) {
                    e += x[i][j] * beta[j];
                }
                eta[i] = e;
                mu[i] = Math.exp(e);
                if (!Double.isFinite(mu[i])) {
                    throw new IllegalStateException("IRLS diverged at iteration " + it);
                }
            }
            double next = deviance(y, mu);
            boolean done = Math.abs(next - dev) / (Math.abs(next) + 0.1) < 1e-10;
            dev = next;
            if (done) {
                double x2 = 0;
                for (int i = 0; i < n; i++) {
                    if (mu[i] > 0) {
                        x2 += (y[i] - mu[i]) * (y[i] - mu[i]) / mu[i];
                    }
                }
                return new Fit(beta, mu, Math.max(1.0, x2 / (n - p)), x2, it);
            }
        }
        throw new IllegalStateException("IRLS did not converge in " + MAX_ITERATIONS + " iterations");
    }

    /** Poisson deviance 2 sum(y ln(y/mu) - (y - mu)), with 0 ln 0 = 0. */
    static double deviance(double[] y, double[] mu) {
        double d = 0;
        for (int i = 0; i < y.length; i++) {
            d += (y[i] > 0 ? y[i] * Math.log(y[i] / mu[i]) : 0) - (y[i] - mu[i]);
        }
        return 2 * d;
    }

    /**
     * Solves {@code A v = b} for a symmetric positive definite A given by its lower triangle
     * ({@code a[j][k]}, k <= j), by Cholesky A = L L'.
     *
     * @throws IllegalStateException when A is not positive definite (a rank-deficient design)
     */
    static double[] solve(double[][] a, double[] b) {
        int p = b.length;
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) {
                s -= l[j][k] * l[j][k];
            }
            if (!(s > 1e-13 * Math.max(a[j][j], Double.MIN_NORMAL))) {
                throw new IllegalStateException("normal equations are singular at column " + j);
            }
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < p; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) {
                    t -= l[i][k] * l[j][k];
                }
                l[i][j] = t / l[j][j];
            }
        }
        double[] v = new double[p];
        for (int i = 0; i < p; i++) {          // L u = b
            double t = b[i];
            for (int k = 0; k < i; k++) {
                t -= l[i][k] * v[k];
            }
            v[i] = t / l[i][i];
        }
        for (int i = p - 1; i >= 0; i--) {     // L' v = u
            double t = v[i];
            for (int k = i + 1; k < p; k++) {
                t -= l[k][i] * v[k];
            }
            v[i] = t / l[i][i];
        }
        return v;
    }
}
