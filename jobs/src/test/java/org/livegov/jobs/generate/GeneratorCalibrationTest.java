package org.livegov.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares the quantiles of {@link SessionModel} for a top-tier anchor (the real file holds top
 * hosts only) with the quantiles computed here from the real Douyin sessions of 2-15 hours.
 *
 * <p>Tolerances, as ratio generated/real at p10, p25, p50, p75, p90: durations 0.80-1.25 (the
 * truncated lognormal is a little wider than the data), peak viewers 0.75-1.33 (the data is
 * skewed left in log space; the lognormal fit is off by up to 25 % at single quantiles), views and
 * sales 0.85-1.18. Shares of blank and zero sales within 1.5 points. The sample (20,000 draws)
 * adds about 2 % of noise.
 *
 * <p>The real file is read from {@code ../../shared/data/real/} relative to the module folder
 * (the main checkout), or {@code ../../../shared/...} (a worktree under {@code wt/}); the test is
 * skipped when it is absent.
 */
class GeneratorCalibrationTest {
    private static final double[] P = {0.10, 0.25, 0.50, 0.75, 0.90};
    private static final Pattern PART = Pattern.compile("(\\d+)(hours|minutes|seconds)");
    private static List<Double> hours = new ArrayList<>();
    private static List<Double> peak = new ArrayList<>();
    private static List<Double> views = new ArrayList<>();
    private static List<Double> gmv = new ArrayList<>();
    private static int sessions;
    private static int gmvBlank;
    private static int gmvZero;
    private static SessionModel.Session[] drawn;

    @BeforeAll
    static void read() throws IOException {
        Path file = Stream.of("../../shared/data/real", "../../../shared/data/real")
                .map(d -> Path.of(d, "douyin_live_sessions_2021.csv")).filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(file != null, "real Douyin sessions file not found; calibration test skipped");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(r);
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                double h = duration(row.get("Duration"));
                if (h < 2 || h > 15) {
                    continue;
                }
                sessions++;
                hours.add(h);
                double p = number(row.get("Peak_viewers"));
                double v = number(row.get("Views"));
                if (p > 0) {
                    peak.add(p);
                }
                if (v > 0) {
                    views.add(v);
                }
                String sales = row.get("Total_sales_amount").trim();
                if (sales.isEmpty()) {
                    gmvBlank++;
                } else if (number(sales) == 0) {
                    gmvZero++;
                } else {
                    gmv.add(number(sales));
                }
            }
        }
        Rand rng = new Rand(20260401);
        drawn = new SessionModel.Session[20_000];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = SessionModel.sample(rng, 0);
        }
    }

    /** {@code 13hours46minutes38seconds} in hours. */
    static double duration(String text) {
        Matcher m = PART.matcher(text);
        double seconds = 0;
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            seconds += switch (m.group(2)) {
                case "hours" -> n * 3600;
                case "minutes" -> n * 60;
                default -> n;
            };
        }
        return seconds / 3600;
    }

    private static double number(String s) {
        String t = s.replace(",", "").trim();
        return t.isEmpty() ? 0 : Double.parseDouble(t);
    }

    /** Linear-interpolation quantile (as numpy's default and the derivation in SessionModel). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void compare(String what, List<Double> real, double[] generated, double lo, double hi) {
        double[] r = real.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] g = Arrays.stream(generated).sorted().toArray();
        StringBuilder sb = new StringBuilder(what);
        boolean ok = true;
        for (double p : P) {
            double ratio = quantile(g, p) / quantile(r, p);
            sb.append(String.format(" p%.0f %.4g/%.4g=%.2f", p * 100, quantile(g, p), quantile(r, p), ratio));
            ok &= ratio >= lo && ratio <= hi;
        }
        assertTrue(ok, sb.toString());
    }

    @Test
    void theRealFileIsTheOneTheModelWasDerivedFrom() {
        assertEquals(963, sessions);
        assertEquals(4.53, quantile(hours.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5), 0.01);
    }

    @Test
    void durations() {
        compare("hours", hours, Arrays.stream(drawn).mapToDouble(s -> s.durationSeconds() / 3600.0).toArray(), 0.80, 1.25);
        assertTrue(Arrays.stream(drawn).allMatch(s -> s.durationSeconds() >= 7200 && s.durationSeconds() <= 54_000));
    }

    @Test
    void peakViewers() {
        compare("peak", peak, Arrays.stream(drawn).mapToDouble(SessionModel.Session::peakViewers).toArray(), 0.75, 1.33);
    }

    @Test
    void views() {
        compare("views", views, Arrays.stream(drawn).mapToDouble(SessionModel.Session::views).toArray(), 0.85, 1.18);
    }

    @Test
    void sales() {
        compare("gmv", gmv, Arrays.stream(drawn).filter(s -> s.gmvFen() > 0).mapToDouble(s -> s.gmvFen() / 100.0).toArray(),
                0.85, 1.18);
        double blank = Arrays.stream(drawn).filter(SessionModel.Session::gmvBlank).count() / (double) drawn.length;
        double zero = Arrays.stream(drawn).filter(s -> s.gmvFen() == 0).count() / (double) drawn.length;
        assertEquals((double) gmvBlank / sessions, blank, 0.015, "blank GMV share");
        assertEquals((double) gmvZero / sessions, zero, 0.015, "zero GMV share");
    }

    @Test
    void smallerAnchorsSellLess() {
        Rand rng = new Rand(1);
        double[] medians = new double[3];
        double[] lnReach = {0, Math.log(0.1), Math.log(0.001)};
        for (int k = 0; k < 3; k++) {
            double[] g = new double[5000];
            for (int i = 0; i < g.length; i++) {
                SessionModel.Session s = SessionModel.sample(rng, lnReach[k]);
                g[i] = Math.max(0, s.gmvFen());
            }
            Arrays.sort(g);
            medians[k] = quantile(g, 0.5);
        }
        assertTrue(medians[0] > medians[1] && medians[1] > medians[2], Arrays.toString(medians));
    }
}
