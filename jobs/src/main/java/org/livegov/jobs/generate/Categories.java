package org.livegov.jobs.generate;

import java.util.List;

/**
 * The violation categories of {@code conf/taxonomy.yaml} (domain §3) as the generator needs them:
 * kind, default severity and how often each is found. The frequencies are our own plausible
 * guess (false publicity and vulgar content common, harm to minors rare); a test keeps codes, kinds
 * and severities in step with the configuration file.
 */
final class Categories {
    enum Kind { COMMODITY, PUBLICITY, CONDUCT }

    /**
     * @param code      V01..V13
     * @param kind      commodity goes to the merchant, publicity to the anchor (domain §1)
     * @param severity  default severity 1..4 (S1 minor .. S4 critical)
     * @param frequency relative frequency among detected violations
     */
    record Category(String code, Kind kind, int severity, double frequency) {
        boolean serious() {
            return severity >= SERIOUS_FROM;
        }
    }

    /** Severity from which a violation counts as serious ({@code serious_from: s3}). */
    static final int SERIOUS_FROM = 3;

    static final List<Category> ALL = List.of(
            new Category("V01", Kind.COMMODITY, 4, 10),
            new Category("V02", Kind.COMMODITY, 4, 3),
            new Category("V03", Kind.CONDUCT, 4, 1),
            new Category("V04", Kind.PUBLICITY, 3, 18),
            new Category("V05", Kind.CONDUCT, 3, 5),
            new Category("V06", Kind.PUBLICITY, 3, 9),
            new Category("V07", Kind.COMMODITY, 3, 8),
            new Category("V08", Kind.COMMODITY, 2, 6),
            new Category("V09", Kind.CONDUCT, 3, 2),
            new Category("V10", Kind.CONDUCT, 2, 4),
            new Category("V11", Kind.CONDUCT, 2, 14),
            new Category("V12", Kind.PUBLICITY, 2, 8),
            new Category("V13", Kind.CONDUCT, 1, 12));

    private static final double[] FREQUENCY = ALL.stream().mapToDouble(Category::frequency).toArray();
    private static final List<Category> COMMODITY = ofKind(Kind.COMMODITY);
    private static final double[] COMMODITY_FREQUENCY = COMMODITY.stream().mapToDouble(Category::frequency).toArray();
    /** Serious categories an anchor answers for (publicity or conduct), for planted repeat offenders. */
    static final List<Category> SERIOUS_ANCHOR = ALL.stream()
            .filter(c -> c.kind() != Kind.COMMODITY && c.serious() && !c.code().equals("V03")).toList();
    /** Serious commodity categories, for planted repeat-offending merchants. */
    static final List<Category> SERIOUS_COMMODITY = ALL.stream()
            .filter(c -> c.kind() == Kind.COMMODITY && c.serious()).toList();

    private Categories() {
    }

    static Category any(Rand rng) {
        return ALL.get(rng.weighted(FREQUENCY));
    }

    static Category commodity(Rand rng) {
        return COMMODITY.get(rng.weighted(COMMODITY_FREQUENCY));
    }

    static Category byCode(String code) {
        return ALL.stream().filter(c -> c.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no category " + code));
    }

    static List<Category> ofKind(Kind kind) {
        return ALL.stream().filter(c -> c.kind() == kind).toList();
    }

    /** Wire form of a severity level, e.g. {@code S3}. */
    static String severityCode(int level) {
        return "S" + level;
    }
}
