package org.livegov.jobs.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.livegov.jobs.generate.GeneratorSpec.Scale;
import org.livegov.metrics.contract.Feed;

/**
 * The generated world, held in memory (small even at national scale: 400,000 anchors): platforms,
 * MCNs, merchants, persons and their anchor accounts, and anchor-MCN contracts. It depends on
 * scale and seed only and is laid out around the reference quarter 2026Q2
 * ({@link GeneratorSpec#DEFAULT_FROM} .. {@link GeneratorSpec#DEFAULT_TO}).
 *
 * <p>Shapes (national / small):
 * <ul>
 *   <li>5 platforms with shares of activity DY 36 %, KS 26 %, TB 22 %, JD 9 %, PDD 7 %.</li>
 *   <li>Anchors: 4 % of persons hold accounts on two platforms (same identity number); a handful
 *       are under 16 during the quarter; 7 % join during the quarter. Each account has a popularity
 *       rank; the top {@code max(3, anchors/20000)} accounts are "top hosts" like the 20 of the real
 *       Douyin file. Reach (audience) and activity (broadcasts a day) fall with rank as power laws,
 *       see {@link #lnReach}.</li>
 *   <li>MCN sizes are Zipf-distributed with the exponent chosen so that the top 1 % of MCNs
 *       ({@code max(1, floor(mcns/100))}) hold 70 % of the contracted anchors in expectation
 *       (domain §4: under 1 % of MCNs hold about 71 % of all fans); 65 % of anchors are contracted;
 *       3 % of contracted anchors move to another MCN during the quarter.</li>
 *   <li>Merchants: 5 % of companies run shops on two platforms (same USCC); 8 % are individual
 *       sellers, half of them without a USCC.</li>
 * </ul>
 */
final class Registers {
    static final String[] PLATFORM_IDS = {"DY", "KS", "TB", "JD", "PDD"};
    static final String[] PLATFORM_NAMES = {"抖音", "快手", "淘宝直播", "京东直播", "拼多多"};
    private static final double[] PLATFORM_SHARE = {0.36, 0.26, 0.22, 0.09, 0.07};
    private static final String[] PLATFORM_REGION = {"110105", "110108", "330110", "110115", "310105"};
    /** JD's systems write instants in UTC ({@code Z}); the others in Beijing time. */
    private static final boolean[] PLATFORM_UTC = {false, false, false, true, false};

    static final LocalDate REF_FROM = GeneratorSpec.DEFAULT_FROM;
    static final LocalDate REF_TO = GeneratorSpec.DEFAULT_TO;
    /** Registers are a snapshot taken at the end of the reference quarter. */
    static final long SNAPSHOT_AT = Formats.epochSecond(REF_TO, 23 * Formats.HOUR);
    static final long NONE = Long.MIN_VALUE;
    static final int NO_MCN = -1;

    /** Expected share of contracted anchors held by the top 1 % of MCNs. */
    static final double TOP_MCN_SHARE_TARGET = 0.70;
    /** Activity falls with popularity rank as rank^-ACTIVITY_EXPONENT. */
    private static final double ACTIVITY_EXPONENT = 0.35;
    /** At most this many broadcasts a day expected from one account. */
    private static final double MAX_DAILY_RATE = 1.2;

    final long seed;
    final Scale scale;

    // platforms
    final String[] platformUscc = new String[PLATFORM_IDS.length];

    // MCNs
    final int mcns;
    final String[] mcnName;
    final String[] mcnUscc;
    final LocalDate[] mcnRegistered;
    final double zipfExponent;
    private final AliasTable mcnBySize;

    // merchants
    final int merchants;
    final byte[] merchantPlatform;
    final String[] merchantName;
    final String[] merchantUscc;
    final boolean[] licenceDisplayed;
    final long[] merchantQualifiedAt;
    final long[] merchantAuditedAt;
    final long[] merchantUpdatedAt;
    private final int[][] merchantsOfPlatform;
    private final AliasTable[] merchantPopularity;
    private final AliasTable[] merchantRisk;
    /** Companies with shops on two platforms: pairs of merchant indices. */
    final List<int[]> twoShopCompanies = new ArrayList<>();

    // persons and anchor accounts
    final int anchors;
    final byte[] anchorPlatform;
    final int[] anchorPerson;
    final String[] accountId;
    final int[] joinedDay;
    final long[] realNameVerifiedAt;
    final long[] entryAuditedAt;
    final long[] anchorUpdatedAt;
    final double[] lnReach;
    final double[] risk;
    final boolean[] birthDateShown;
    /** Epoch day of the account holder's 16th birthday. */
    private final int[] sixteenthBirthday;
    final List<String> personIdentity = new ArrayList<>();
    final List<String> personPhone = new ArrayList<>();
    final List<LocalDate> personBirth = new ArrayList<>();
    /** Persons with accounts on two platforms: pairs of anchor indices. */
    final List<int[]> twoAccountPersons = new ArrayList<>();
    final int under16;
    private final AliasTable activity;
    final double topTierSize;

    // contracts: current (A), and for movers the next one (B) from switchDay + 1
    final int[] mcnA;
    final int[] mcnFromDay;
    final int[] mcnB;
    final int[] switchDay;
    final List<Contract> contracts = new ArrayList<>();

    /**
     * One anchor-MCN contract.
     *
     * @param index     position, for the contract id
     * @param anchor    anchor index
     * @param mcn       MCN index
     * @param validFrom first day
     * @param validTo   last day; null when open (in the initial snapshot, also for movers)
     * @param endsOn    for a mover's first contract: the day it ends during the quarter, else null
     * @param signedAt  instant of the first version
     * @param inQuarter true when the contract first appears during the reference quarter
     */
    record Contract(int index, int anchor, int mcn, LocalDate validFrom, LocalDate validTo, LocalDate endsOn,
                    long signedAt, boolean inQuarter) {
    }

    Registers(Scale scale, long seed, double broadcastsPerDay) {
        this.seed = seed;
        this.scale = scale;
        this.mcns = scale.mcns;
        this.merchants = scale.merchants;
        this.anchors = scale.anchors;

        Rand rng = Rand.derive(seed, "platforms", 0);
        for (int p = 0; p < PLATFORM_IDS.length; p++) {
            platformUscc[p] = Identifiers.uscc(rng, PLATFORM_REGION[p], false);
        }
        Set<String> usccs = new HashSet<>(Arrays.asList(platformUscc));

        // MCNs
        rng = Rand.derive(seed, "mcns", 0);
        mcnName = new String[mcns];
        mcnUscc = new String[mcns];
        mcnRegistered = new LocalDate[mcns];
        for (int m = 0; m < mcns; m++) {
            Regions.Region region = Regions.business(rng);
            mcnName[m] = Identifiers.agencyName(rng, region);
            mcnUscc[m] = uniqueUscc(rng, region.code(), false, usccs);
            mcnRegistered[m] = rng.chance(0.05) ? null
                    : LocalDate.of(2016, 1, 1).plusDays(rng.between(0, (int) (REF_FROM.toEpochDay()
                    - LocalDate.of(2016, 1, 1).toEpochDay() - 30)));
        }
        int topMcns = topMcnCount(mcns);
        zipfExponent = zipfExponentFor(mcns, topMcns, TOP_MCN_SHARE_TARGET);
        int[] sizeRank = rng.permutation(mcns);
        double[] mcnWeight = new double[mcns];
        for (int m = 0; m < mcns; m++) {
            mcnWeight[m] = Math.pow(sizeRank[m] + 1, -zipfExponent);
        }
        mcnBySize = new AliasTable(mcnWeight);

        // merchants
        rng = Rand.derive(seed, "merchants", 0);
        merchantPlatform = new byte[merchants];
        merchantName = new String[merchants];
        merchantUscc = new String[merchants];
        licenceDisplayed = new boolean[merchants];
        merchantQualifiedAt = new long[merchants];
        merchantAuditedAt = new long[merchants];
        merchantUpdatedAt = new long[merchants];
        for (int i = 0; i < merchants; ) {
            Regions.Region region = Regions.business(rng);
            boolean twoShops = i + 1 < merchants && rng.chance(0.05);
            boolean individual = !twoShops && rng.chance(0.08);
            String uscc = individual && rng.chance(0.5) ? null : uniqueUscc(rng, region.code(), individual, usccs);
            String name = Identifiers.merchantName(rng, region, individual);
            int first = platformByShare(rng);
            int second = first;
            while (second == first) {
                second = platformByShare(rng);
            }
            for (int shop = 0; shop < (twoShops ? 2 : 1); shop++) {
                merchantPlatform[i + shop] = (byte) (shop == 0 ? first : second);
                merchantName[i + shop] = name;
                merchantUscc[i + shop] = uscc;
                licenceDisplayed[i + shop] = uscc == null ? rng.chance(0.3) : rng.chance(0.93);
                long opened = Formats.startOf(LocalDate.of(2018, 1, 1).plusDays(rng.between(0,
                        (int) (REF_FROM.toEpochDay() - LocalDate.of(2018, 1, 1).toEpochDay() - 10))))
                        + rng.between(8 * Formats.HOUR, 22 * Formats.HOUR);
                merchantQualifiedAt[i + shop] = rng.chance(0.95) ? opened + rng.between(600L, 3 * Formats.DAY) : NONE;
                merchantAuditedAt[i + shop] = rng.chance(0.96) ? opened + rng.between(3600L, 4 * Formats.DAY) : NONE;
                merchantUpdatedAt[i + shop] = Math.min(SNAPSHOT_AT, Math.max(opened, Math.max(
                        merchantQualifiedAt[i + shop], merchantAuditedAt[i + shop])) + rng.between(60L, 60 * Formats.DAY));
            }
            if (twoShops) {
                twoShopCompanies.add(new int[] {i, i + 1});
            }
            i += twoShops ? 2 : 1;
        }
        merchantsOfPlatform = new int[PLATFORM_IDS.length][];
        merchantPopularity = new AliasTable[PLATFORM_IDS.length];
        merchantRisk = new AliasTable[PLATFORM_IDS.length];
        for (int p = 0; p < PLATFORM_IDS.length; p++) {
            final int platform = p;
            merchantsOfPlatform[p] = java.util.stream.IntStream.range(0, merchants)
                    .filter(m -> merchantPlatform[m] == platform).toArray();
            double[] w = new double[merchantsOfPlatform[p].length];
            double[] risky = new double[w.length];
            int[] perm = rng.permutation(w.length);
            for (int k = 0; k < w.length; k++) {
                w[k] = Math.pow(perm[k] + 1, -0.9);
                risky[k] = Math.pow(w[k], 0.4) * rng.lognormal(-0.32, 0.8);
            }
            merchantPopularity[p] = new AliasTable(w);
            merchantRisk[p] = new AliasTable(risky);
        }

        // persons and accounts
        rng = Rand.derive(seed, "anchors", 0);
        anchorPlatform = new byte[anchors];
        anchorPerson = new int[anchors];
        accountId = new String[anchors];
        joinedDay = new int[anchors];
        realNameVerifiedAt = new long[anchors];
        entryAuditedAt = new long[anchors];
        anchorUpdatedAt = new long[anchors];
        birthDateShown = new boolean[anchors];
        sixteenthBirthday = new int[anchors];
        int minors = Math.max(3, (int) Math.round(anchors * 1.5e-4));
        Set<String> identities = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        boolean[] isUnder16 = new boolean[anchors];
        Set<Integer> minorSlots = new HashSet<>();
        while (minorSlots.size() < minors) {
            minorSlots.add(rng.between(0, (int) (anchors * 0.9)));
        }
        for (int a = 0, person = 0; a < anchors; person++) {
            boolean minor = minorSlots.contains(a);
            boolean twoAccounts = !minor && a + 1 < anchors && !minorSlots.contains(a + 1) && rng.chance(0.04);
            LocalDate birth = minor
                    ? REF_TO.minusYears(16).plusDays(rng.between(20, 600))
                    : REF_TO.minusYears(18).minusDays((long) Math.min(37 * 365, rng.exponential(9 * 365)))
                            .minusDays(rng.between(0, 364));
            String identity = null;
            if (minor || twoAccounts || rng.chance(0.98)) {
                Regions.Region born = Regions.birthplace(rng);
                do {
                    identity = Identifiers.identityNumber(rng, born.code(), birth);
                } while (!identities.add(identity));
            }
            personIdentity.add(identity);
            personBirth.add(birth);
            personPhone.add(rng.chance(0.93) ? Identifiers.mobile(rng) : null);
            int first = platformByShare(rng);
            for (int k = 0; k < (twoAccounts ? 2 : 1); k++) {
                int platform = first;
                while (k == 1 && platform == first) {
                    platform = platformByShare(rng);
                }
                anchorPlatform[a + k] = (byte) platform;
                anchorPerson[a + k] = person;
                sixteenthBirthday[a + k] = (int) birth.plusYears(16).toEpochDay();
                isUnder16[a + k] = minor;
                String account;
                do {
                    account = PLATFORM_IDS[platform].toLowerCase(java.util.Locale.ROOT) + "_"
                            + rng.between(10_000_000L, 9_999_999_999L);
                } while (!accounts.add(account));
                accountId[a + k] = account;
                LocalDate joined = minor || rng.chance(0.93)
                        ? LocalDate.of(2019, 1, 1).plusDays(rng.between(0,
                                (int) (REF_FROM.toEpochDay() - LocalDate.of(2019, 1, 1).toEpochDay() - 10)))
                        : REF_FROM.plusDays(rng.between(0, 80));
                joinedDay[a + k] = (int) joined.toEpochDay();
                long joinedAt = Formats.epochSecond(joined, rng.between(9 * Formats.HOUR, 22 * Formats.HOUR));
                realNameVerifiedAt[a + k] = identity != null && (minor || rng.chance(0.97))
                        ? joinedAt + rng.between(60L, 2 * Formats.DAY) : NONE;
                double u = rng.uniform();
                entryAuditedAt[a + k] = u < 0.94 ? joinedAt + rng.between(Formats.HOUR, 3 * Formats.DAY)
                        : u < 0.97 ? NONE
                        : Formats.epochSecond(min(REF_TO, joined.isBefore(REF_FROM) ? REF_FROM.plusDays(rng.between(10, 60))
                                : joined.plusDays(rng.between(10, 40))), rng.between(9 * Formats.HOUR, 20 * Formats.HOUR));
                birthDateShown[a + k] = identity != null ? rng.chance(0.95) : rng.chance(0.5);
                long last = Math.max(joinedAt, Math.max(realNameVerifiedAt[a + k], entryAuditedAt[a + k]));
                anchorUpdatedAt[a + k] = Math.min(SNAPSHOT_AT, last + rng.between(60L, 30 * Formats.DAY));
            }
            if (twoAccounts) {
                twoAccountPersons.add(new int[] {a, a + 1});
            }
            a += twoAccounts ? 2 : 1;
        }

        under16 = minors;

        // popularity: reach and activity by rank
        int[] rank = rng.permutation(anchors);
        topTierSize = Math.max(3, anchors / 20_000.0);
        lnReach = new double[anchors];
        risk = new double[anchors];
        double[] weight = new double[anchors];
        for (int a = 0; a < anchors; a++) {
            lnReach[a] = -Math.log(Math.max(rank[a] + 1, topTierSize) / topTierSize);
            risk[a] = rng.lognormal(-0.5, 1.0);
            boolean dormant = !isUnder16[a] && rng.chance(0.10);
            weight[a] = dormant ? 0 : Math.exp(ACTIVITY_EXPONENT * lnReach[a]);
            if (isUnder16[a]) {
                weight[a] = Math.max(weight[a], Math.exp(ACTIVITY_EXPONENT * -Math.log(anchors / 10.0 / topTierSize)));
            }
        }
        activity = new AliasTable(capRates(weight, broadcastsPerDay, MAX_DAILY_RATE));

        // contracts
        rng = Rand.derive(seed, "contracts", 0);
        mcnA = new int[anchors];
        mcnFromDay = new int[anchors];
        mcnB = new int[anchors];
        switchDay = new int[anchors];
        Arrays.fill(mcnA, NO_MCN);
        Arrays.fill(mcnB, NO_MCN);
        for (int a = 0; a < anchors; a++) {
            LocalDate joined = LocalDate.ofEpochDay(joinedDay[a]);
            LocalDate currentFrom = joined.plusDays(rng.between(0, 5));
            if (rng.chance(0.05) && joined.isBefore(REF_FROM.minusDays(200))) {
                // an earlier contract with another MCN, ended before the current one
                LocalDate oldFrom = joined.plusDays(rng.between(0, 30));
                LocalDate oldTo = oldFrom.plusDays(rng.between(60, 150));
                contracts.add(new Contract(contracts.size(), a, mcnBySize.sample(rng), oldFrom, oldTo, null,
                        signedAt(rng, oldFrom), false));
                currentFrom = oldTo.plusDays(rng.between(1, 30));
            }
            if (!rng.chance(0.65)) {
                continue;
            }
            mcnA[a] = mcnBySize.sample(rng);
            mcnFromDay[a] = (int) currentFrom.toEpochDay();
            boolean inQuarter = !currentFrom.isBefore(REF_FROM);
            boolean mover = !inQuarter && currentFrom.isBefore(REF_FROM.minusDays(30)) && rng.chance(0.03);
            LocalDate endsOn = null;
            if (mover) {
                endsOn = REF_FROM.plusDays(rng.between(10, 80));
                switchDay[a] = (int) endsOn.toEpochDay();
                do {
                    mcnB[a] = mcnBySize.sample(rng);
                } while (mcnB[a] == mcnA[a] && mcns > 1);
            }
            contracts.add(new Contract(contracts.size(), a, mcnA[a], currentFrom, null, endsOn,
                    signedAt(rng, currentFrom), inQuarter));
            if (mover) {
                LocalDate bFrom = endsOn.plusDays(1);
                contracts.add(new Contract(contracts.size(), a, mcnB[a], bFrom, null, null,
                        signedAt(rng, bFrom), true));
            }
        }
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static long signedAt(Rand rng, LocalDate validFrom) {
        return Formats.epochSecond(validFrom.minusDays(rng.between(0, 10)), rng.between(9 * Formats.HOUR, 19 * Formats.HOUR));
    }

    private static String uniqueUscc(Rand rng, String region, boolean individual, Set<String> seen) {
        String code;
        do {
            code = Identifiers.uscc(rng, region, individual);
        } while (!seen.add(code));
        return code;
    }

    /** The top 1 % of MCNs, at least one. */
    static int topMcnCount(int mcns) {
        return Math.max(1, mcns / 100);
    }

    /** Zipf exponent s with H(k,s)/H(n,s) = share, by bisection (the share grows with s). */
    static double zipfExponentFor(int n, int k, double share) {
        double lo = 0.01;
        double hi = 8;
        for (int it = 0; it < 60; it++) {
            double s = (lo + hi) / 2;
            double top = 0;
            double all = 0;
            for (int i = 1; i <= n; i++) {
                double w = Math.pow(i, -s);
                all += w;
                if (i <= k) {
                    top += w;
                }
            }
            if (top / all < share) {
                lo = s;
            } else {
                hi = s;
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * Expected daily rates c*w capped at {@code cap}, with c chosen so they sum to {@code total}.
     */
    private static double[] capRates(double[] w, double total, double cap) {
        double lo = 0;
        double hi = 1;
        while (sumCapped(w, hi, cap) < total && hi < 1e12) {
            hi *= 2;
        }
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            if (sumCapped(w, mid, cap) < total) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double[] rates = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            rates[i] = Math.min(cap, hi * w[i]);
        }
        return rates;
    }

    private static double sumCapped(double[] w, double c, double cap) {
        double s = 0;
        for (double x : w) {
            s += Math.min(cap, c * x);
        }
        return s;
    }

    // ---- queries used by the fact generators ----

    /** An anchor account that broadcasts on {@code day}, drawn by activity; -1 if none found. */
    int activeAnchor(Rand rng, LocalDate day) {
        long d = day.toEpochDay();
        for (int attempt = 0; attempt < 20; attempt++) {
            int a = activity.sample(rng);
            if (d >= joinedDay[a] + 4) {
                return a;
            }
        }
        return -1;
    }

    /** A merchant selling on the platform, drawn by popularity (Zipf, exponent 0.9). */
    int merchantOn(Rand rng, int platform) {
        return merchantsOfPlatform[platform][merchantPopularity[platform].sample(rng)];
    }

    /**
     * A merchant on the platform drawn for a violation: by popularity^0.4 times a lognormal risk
     * factor, so that violations are less concentrated on the big shops than sales are.
     */
    int offendingMerchantOn(Rand rng, int platform) {
        return merchantsOfPlatform[platform][merchantRisk[platform].sample(rng)];
    }

    /** An MCN drawn by size. */
    int mcnBySize(Rand rng) {
        return mcnBySize.sample(rng);
    }

    /** The anchor's MCN on a day, or {@link #NO_MCN}. */
    int mcnOn(int anchor, LocalDate day) {
        long d = day.toEpochDay();
        if (mcnB[anchor] != NO_MCN && d > switchDay[anchor]) {
            return mcnB[anchor];
        }
        return mcnA[anchor] != NO_MCN && d >= mcnFromDay[anchor] ? mcnA[anchor] : NO_MCN;
    }

    String identity(int anchor) {
        return personIdentity.get(anchorPerson[anchor]);
    }

    boolean isUnder16(int anchor, LocalDate day) {
        return day.toEpochDay() < sixteenthBirthday[anchor];
    }

    /** A platform drawn by its share of live-commerce activity. */
    static int platformByShare(Rand rng) {
        return rng.weighted(PLATFORM_SHARE);
    }

    static boolean utc(int platform) {
        return PLATFORM_UTC[platform];
    }

    static String anchorId(int anchor) {
        return Ids.format(Feed.ANCHORS, anchor + 1);
    }

    static String merchantId(int merchant) {
        return Ids.format(Feed.MERCHANTS, merchant + 1);
    }

    static String mcnId(int mcn) {
        return Ids.format(Feed.MCNS, mcn + 1);
    }

    static String contractId(int contract) {
        return Ids.format(Feed.CONTRACTS, contract + 1);
    }

    /** Key under which a subject's violations add up across platforms: the person or the company. */
    String anchorOffenderKey(int anchor) {
        String id = identity(anchor);
        return id != null ? "person:" + id : "anchor:" + anchorId(anchor);
    }

    String merchantOffenderKey(int merchant) {
        return merchantUscc[merchant] != null ? "company:" + merchantUscc[merchant] : "merchant:" + merchantId(merchant);
    }

    /** Share of contracted anchors (contracts valid on the last reference day) held by the top 1 % of MCNs. */
    double topMcnShare() {
        long[] perMcn = new long[mcns];
        long contracted = contractedAnchors();
        for (int a = 0; a < anchors; a++) {
            int m = mcnOn(a, REF_TO);
            if (m != NO_MCN) {
                perMcn[m]++;
            }
        }
        Arrays.sort(perMcn);
        long top = 0;
        for (int i = 0; i < topMcnCount(mcns); i++) {
            top += perMcn[mcns - 1 - i];
        }
        return contracted == 0 ? 0 : (double) top / contracted;
    }

    long contractedAnchors() {
        long n = 0;
        for (int a = 0; a < anchors; a++) {
            if (mcnOn(a, REF_TO) != NO_MCN) {
                n++;
            }
        }
        return n;
    }

    int persons() {
        return personIdentity.size();
    }
}
