package org.livegov.jobs.generate;

import java.time.LocalDate;
import org.livegov.metrics.contract.Feed;

/**
 * Violations: found during broadcasts (three quarters of them: platform systems and patrols while
 * live, MCNs, consumers and regulators afterwards), found without a broadcast (merchant sampling
 * by regulators, MCN and platform failings), the history before the period, and planted repeat
 * offenders.
 *
 * <p>Shapes: categories by {@link Categories} frequency; the subject by the category's kind
 * (commodity: merchant, 5 % platform as backstop; publicity: anchor, 5 % MCN; conduct: anchor
 * 80 %, MCN 12 %, platform 8 %). Severity blank in 80 % (defaults downstream), else mostly the
 * category default. Detected by platform automated 55 %, patrol 20 %, consumer report 12 %,
 * regulator 8 %, MCN 5 % (unmonitored broadcasts only by consumers and regulators). Disposal by
 * severity (S1 warning .. S4 ban), minutes (automated) to days (regulator) after detection;
 * disposals after the export are left blank. Penalties for fines and half of regulator cases;
 * heavier penalty for about 30 % of serious cases that were fined, suspended or banned or came from a
 * regulator. Status 88 % confirmed, 8 % under appeal, 4 % overturned; appeals resolved 7-40 days
 * later arrive as corrections (65 % confirmed, 35 % overturned).
 */
final class ViolationFacts {
    private static final Feed F = Feed.VIOLATIONS;
    private static final int ID = Rows.col(F, "violation_id");
    private static final int PLATFORM = Rows.col(F, "platform_id");
    private static final int BROADCAST = Rows.col(F, "broadcast_id");
    private static final int ROLE = Rows.col(F, "subject_role");
    private static final int SUBJECT = Rows.col(F, "subject_id");
    private static final int NAME = Rows.col(F, "subject_name");
    private static final int USCC = Rows.col(F, "subject_uscc");
    private static final int CATEGORY = Rows.col(F, "category");
    private static final int SEVERITY = Rows.col(F, "severity");
    private static final int DETECTED_AT = Rows.col(F, "detected_at");
    private static final int DETECTED_BY = Rows.col(F, "detected_by");
    private static final int DISPOSAL = Rows.col(F, "disposal");
    private static final int DISPOSED_AT = Rows.col(F, "disposed_at");
    private static final int PENALTY = Rows.col(F, "penalty_cny");
    private static final int HEAVIER = Rows.col(F, "heavier_penalty");
    private static final int STATUS = Rows.col(F, "status");
    private static final int UPDATED = Rows.col(F, "updated_at");

    private static final String[] DETECTORS = {"platform_automated", "platform_patrol", "consumer_report",
        "regulator", "mcn"};
    private static final double[] DETECTOR_SHARE = {0.55, 0.20, 0.12, 0.08, 0.05};
    private static final double[] HISTORY_DETECTOR_SHARE = {0.30, 0.35, 0.20, 0.12, 0.03};
    private static final String[][] DISPOSALS = {
        {},
        {"warning", "correct"},
        {"correct", "remove_content", "restrict_publishing", "warning"},
        {"remove_content", "restrict_publishing", "close_live_room", "suspend", "fine"},
        {"close_live_room", "suspend", "ban", "fine"}};
    private static final double[][] DISPOSAL_SHARE = {
        {},
        {0.6, 0.4},
        {0.40, 0.35, 0.20, 0.05},
        {0.30, 0.25, 0.20, 0.10, 0.15},
        {0.30, 0.25, 0.20, 0.25}};
    /** Median penalty by severity level, CNY. */
    private static final double[] PENALTY_MEDIAN = {0, 2_000, 10_000, 50_000, 300_000};

    enum Role { MERCHANT, ANCHOR, MCN, PLATFORM }

    /** Live rows may be under appeal and corrected; settled (history) rows have a final status; planted rows are serious and confirmed. */
    private enum Lifecycle { LIVE, SETTLED, PLANTED }

    private final Registers reg;
    private final Ids ids;
    private final RepeatOffenders offenders;
    private final long exportedAt;
    private final LocalDate lastDay;
    private final double perBroadcast;
    private final double standalonePerDay;

    /**
     * @param perBroadcast     mean violations per broadcast (before the anchor's risk factor)
     * @param standalonePerDay mean violations a day without a broadcast (before seasonality)
     */
    ViolationFacts(Registers reg, Ids ids, RepeatOffenders offenders, long exportedAt, LocalDate lastDay,
                   double perBroadcast, double standalonePerDay) {
        this.reg = reg;
        this.ids = ids;
        this.offenders = offenders;
        this.exportedAt = exportedAt;
        this.lastDay = lastDay;
        this.perBroadcast = perBroadcast;
        this.standalonePerDay = standalonePerDay;
    }

    /** Violations found in or after a broadcast, queued for their detection day when it is in the period. */
    void fromBroadcast(BroadcastFacts.Broadcast b, LocalDate firstDay, Rand rng, Pending pending) {
        LocalDate day = Formats.beijingDay(b.startedAt());
        int n = rng.poisson(perBroadcast * reg.risk[b.anchor()]);
        boolean minor = reg.isUnder16(b.anchor(), day) && rng.chance(0.10);
        for (int i = 0; i < n + (minor ? 1 : 0); i++) {
            Categories.Category cat = i == n ? Categories.byCode("V03") : Categories.any(rng);
            String detectedBy = b.monitoring().equals("none")
                    ? (rng.chance(0.6) ? "consumer_report" : "regulator")
                    : i == n ? "platform_patrol" : DETECTORS[rng.weighted(DETECTOR_SHARE)];
            long detectedAt = switch (detectedBy) {
                case "platform_automated", "platform_patrol" -> rng.between(b.startedAt(), b.endedAt());
                case "mcn" -> b.endedAt() + rng.between(0L, Formats.DAY);
                case "consumer_report" -> b.endedAt() + (long) Math.min(30 * Formats.DAY, rng.exponential(2 * Formats.DAY));
                default -> b.endedAt() + rng.between(3 * Formats.DAY, 30 * Formats.DAY);
            };
            LocalDate detectedDay = Formats.beijingDay(detectedAt);
            if (detectedDay.isBefore(firstDay) || detectedDay.isAfter(lastDay)) {
                continue;
            }
            Role role;
            int subject;
            double u = rng.uniform();
            int mcn = reg.mcnOn(b.anchor(), day);
            switch (cat.kind()) {
                case COMMODITY -> {
                    role = u < 0.95 ? Role.MERCHANT : Role.PLATFORM;
                    subject = role == Role.MERCHANT ? reg.offendingMerchantOn(rng, b.platform()) : b.platform();
                }
                case PUBLICITY -> {
                    role = u < 0.95 || mcn == Registers.NO_MCN ? Role.ANCHOR : Role.MCN;
                    subject = role == Role.ANCHOR ? b.anchor() : mcn;
                }
                default -> {
                    role = u < 0.80 || i == n ? Role.ANCHOR : u < 0.92 && mcn != Registers.NO_MCN ? Role.MCN
                            : u < 0.92 ? Role.ANCHOR : Role.PLATFORM;
                    subject = role == Role.ANCHOR ? b.anchor() : role == Role.MCN ? mcn : b.platform();
                }
            }
            if (role == Role.MCN && detectedBy.equals("mcn")) {
                detectedBy = "platform_patrol";
            }
            pending.add(build(role, subject, cat, b.platform(), b.id(), detectedAt, detectedBy, Lifecycle.LIVE, rng));
        }
    }

    /** Violations of a day not tied to a broadcast (in the period). */
    void standalone(LocalDate day, Rand rng, Pending pending) {
        int n = rng.poisson(standalonePerDay * BroadcastFacts.season(day));
        for (int i = 0; i < n; i++) {
            FactRecord r = withoutBroadcast(day, rng, new double[] {0.60, 0.20, 0.14, 0.06}, DETECTOR_SHARE,
                    Lifecycle.LIVE);
            if (r != null) {
                pending.add(r);
            }
        }
    }

    /** One historical violation (final status, no correction), detected on {@code day}; null if none fits. */
    String[] history(LocalDate day, Rand rng) {
        FactRecord r = withoutBroadcast(day, rng, new double[] {0.35, 0.55, 0.07, 0.03}, HISTORY_DETECTOR_SHARE,
                Lifecycle.SETTLED);
        return r == null ? null : r.row();
    }

    /** A planted repeat offender's violation: serious, confirmed, delivered exactly once. */
    FactRecord planted(RepeatOffenders.Plant p, Rand rng) {
        Role role = p.anchor() ? Role.ANCHOR : Role.MERCHANT;
        int platform = p.anchor() ? reg.anchorPlatform[p.subject()] : reg.merchantPlatform[p.subject()];
        String by = rng.chance(0.4) ? "regulator" : rng.chance(0.5) ? "platform_patrol" : "consumer_report";
        long detectedAt = Formats.epochSecond(p.day(), rng.between(8 * Formats.HOUR, 20 * Formats.HOUR));
        return build(role, p.subject(), p.category(), platform, null, detectedAt, by, Lifecycle.PLANTED, rng).asPlain();
    }

    /** @param roleShare shares of merchant, anchor, MCN, platform subjects */
    private FactRecord withoutBroadcast(LocalDate day, Rand rng, double[] roleShare, double[] detectorShare,
                                        Lifecycle lifecycle) {
        Role role = Role.values()[rng.weighted(roleShare)];
        int subject;
        int platform;
        Categories.Category cat;
        switch (role) {
            case MERCHANT -> {
                subject = reg.offendingMerchantOn(rng, Registers.platformByShare(rng));
                platform = reg.merchantPlatform[subject];
                cat = Categories.commodity(rng);
            }
            case ANCHOR -> {
                subject = reg.activeAnchor(rng, day);
                if (subject < 0) {
                    return null;
                }
                platform = reg.anchorPlatform[subject];
                do {
                    cat = Categories.any(rng);
                } while (cat.kind() == Categories.Kind.COMMODITY
                        || cat.code().equals("V03") && !reg.isUnder16(subject, day));
            }
            case MCN -> {
                subject = reg.mcnBySize(rng);
                platform = Registers.platformByShare(rng);
                do {
                    cat = Categories.any(rng);
                } while (cat.kind() != Categories.Kind.CONDUCT || cat.code().equals("V03"));
            }
            default -> {
                platform = Registers.platformByShare(rng);
                subject = platform;
                cat = Categories.any(rng);
            }
        }
        String by = DETECTORS[rng.weighted(detectorShare)];
        if (by.equals("platform_automated") || role == Role.MCN && by.equals("mcn")) {
            by = "platform_patrol";
        }
        long detectedAt = Formats.epochSecond(day, rng.between(0, (int) Formats.DAY - 1));
        return build(role, subject, cat, platform, null, detectedAt, by, lifecycle, rng);
    }

    /** Builds a violation and counts it for the repeat-offender rule. */
    private FactRecord build(Role role, int subject, Categories.Category cat, int platform, String broadcastId,
                             long detectedAt, String detectedBy, Lifecycle lifecycle, Rand rng) {
        boolean utc = Registers.utc(platform);
        LocalDate day = Formats.beijingDay(detectedAt);
        String[] row = Rows.blank(F);
        row[ID] = ids.next(F);
        row[PLATFORM] = Registers.PLATFORM_IDS[platform];
        row[BROADCAST] = broadcastId;
        row[ROLE] = role.name().toLowerCase(java.util.Locale.ROOT);
        String offenderKey;
        switch (role) {
            case MERCHANT -> {
                row[SUBJECT] = Registers.merchantId(subject);
                row[NAME] = rng.chance(0.9) ? reg.merchantName[subject] : null;
                row[USCC] = reg.merchantUscc[subject] != null && rng.chance(0.7) ? reg.merchantUscc[subject] : null;
                offenderKey = reg.merchantOffenderKey(subject);
            }
            case ANCHOR -> {
                row[SUBJECT] = Registers.anchorId(subject);
                row[NAME] = rng.chance(0.9) ? Identifiers.nickname(reg.seed, subject) : null;
                offenderKey = reg.anchorOffenderKey(subject);
            }
            case MCN -> {
                row[SUBJECT] = Registers.mcnId(subject);
                row[NAME] = rng.chance(0.9) ? reg.mcnName[subject] : null;
                row[USCC] = rng.chance(0.7) ? reg.mcnUscc[subject] : null;
                offenderKey = "mcn:" + row[SUBJECT];
            }
            default -> {
                row[SUBJECT] = Registers.PLATFORM_IDS[subject];
                row[NAME] = rng.chance(0.9) ? Registers.PLATFORM_NAMES[subject] : null;
                row[USCC] = rng.chance(0.5) ? reg.platformUscc[subject] : null;
                offenderKey = "platform:" + row[SUBJECT];
            }
        }
        row[CATEGORY] = cat.code();
        int severity = cat.severity();
        if (rng.chance(0.2)) {
            if (lifecycle != Lifecycle.PLANTED && rng.chance(0.15)) {
                severity = Math.max(1, Math.min(4, severity + (rng.chance(0.6) ? 1 : -1)));
            }
            row[SEVERITY] = Categories.severityCode(severity);
        }
        row[DETECTED_AT] = Formats.instant(detectedAt, utc);
        row[DETECTED_BY] = detectedBy;

        long lag = (long) switch (detectedBy) {
            case "platform_automated" -> rng.lognormal(Math.log(1200), 1.0);
            case "platform_patrol" -> rng.lognormal(Math.log(7200), 1.0);
            case "mcn" -> rng.lognormal(Math.log(4 * 3600), 1.0);
            case "consumer_report" -> rng.lognormal(Math.log(86_400), 0.8);
            default -> rng.lognormal(Math.log(7 * 86_400), 0.8);
        };
        long disposedAt = detectedAt + Math.max(60, lag);
        long last = detectedAt;
        String disposal = null;
        if (disposedAt <= exportedAt) {
            disposal = rng.chance(0.03) ? "none" : DISPOSALS[severity][rng.weighted(DISPOSAL_SHARE[severity])];
            if (detectedBy.equals("regulator") && !disposal.equals("none") && rng.chance(0.5)) {
                disposal = "fine";
            }
            row[DISPOSAL] = disposal;
            row[DISPOSED_AT] = Formats.instant(disposedAt, utc);
            last = disposedAt;
            if (disposal.equals("fine") || detectedBy.equals("regulator") && rng.chance(0.5)) {
                row[PENALTY] = Formats.money(Formats.fen(Math.min(50_000_000,
                        rng.lognormal(Math.log(PENALTY_MEDIAN[severity]), 0.9))));
            }
        }
        boolean heavyMeasure = disposal != null && (disposal.equals("suspend") || disposal.equals("ban")
                || disposal.equals("fine"));
        if (severity >= Categories.SERIOUS_FROM && (heavyMeasure || detectedBy.equals("regulator")) && rng.chance(0.3)) {
            row[HEAVIER] = "true";
        } else if (rng.chance(0.7)) {
            row[HEAVIER] = "false";
        }
        double s = rng.uniform();
        String status = switch (lifecycle) {
            case PLANTED -> "confirmed";
            case SETTLED -> s < 0.95 ? "confirmed" : "overturned";
            case LIVE -> s < 0.88 ? "confirmed" : s < 0.96 ? "under_appeal" : "overturned";
        };
        row[STATUS] = status;
        long updated = Math.min(exportedAt, last + rng.between(60L, 2 * Formats.HOUR));
        row[UPDATED] = Formats.instant(updated, utc);

        FactRecord rec = FactRecord.of(F, row, day);
        String finalStatus = status;
        if (status.equals("under_appeal")) {
            long resolvedAt = last + rng.between(7 * Formats.DAY, 40 * Formats.DAY);
            LocalDate resolvedDay = Formats.beijingDay(resolvedAt);
            if (resolvedAt <= exportedAt && !resolvedDay.isAfter(lastDay)
                    && !resolvedDay.isBefore(day.plusDays(FactRecord.CORRECTION_MIN_DAYS))) {
                String[] c = row.clone();
                finalStatus = rng.chance(0.65) ? "confirmed" : "overturned";
                c[STATUS] = finalStatus;
                c[UPDATED] = Formats.instant(resolvedAt, utc);
                rec = rec.withCorrection(c, resolvedDay);
            }
        }
        if (severity >= Categories.SERIOUS_FROM && finalStatus.equals("confirmed")) {
            offenders.seriousViolation(offenderKey, day);
        }
        return rec;
    }
}
