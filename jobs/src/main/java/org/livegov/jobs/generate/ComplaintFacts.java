package org.livegov.jobs.generate;

import java.time.LocalDate;
import java.util.List;
import org.livegov.metrics.contract.Feed;

/**
 * Consumer complaints about what was sold in a broadcast. A broadcast draws a Poisson number of
 * complaints with mean proportional to the square root of its orders; each is received 0-30 days
 * after the broadcast (half within two days).
 *
 * <p>Shapes: kind commodity 55 %, publicity 30 %, other 15 %; a category when classified (70 %).
 * Accepted (or rejected) a lognormal 1.5 days (median) after receipt, 5 % after 8-20 days (beyond
 * the 7-working-day rule), 4 % never; first response before or around acceptance; closed a
 * lognormal 7 days (median, 1-60) after acceptance, left open when later than the export. Outcome
 * resolved 62 %, partially 12 %, unresolved 9 %, rejected 9 %, withdrawn 8 % (pending while
 * open). Compensation by the merchant mostly, the anchor for publicity, the platform as backstop
 * in a few percent. Satisfaction 1-5 from 75 % of closed complaints; escalated to 12315 in 4 % of
 * resolved and 25 % of other complaints. 3 % of closed complaints get a later version (satisfaction
 * given or changed, or escalated).
 */
final class ComplaintFacts {
    private static final Feed F = Feed.COMPLAINTS;
    private static final int ID = Rows.col(F, "complaint_id");
    private static final int PLATFORM = Rows.col(F, "platform_id");
    private static final int BROADCAST = Rows.col(F, "broadcast_id");
    private static final int MERCHANT = Rows.col(F, "merchant_id");
    private static final int ANCHOR = Rows.col(F, "anchor_id");
    private static final int CATEGORY = Rows.col(F, "category");
    private static final int KIND = Rows.col(F, "kind");
    private static final int RECEIVED = Rows.col(F, "received_at");
    private static final int ACCEPTED = Rows.col(F, "accepted_at");
    private static final int FIRST_RESPONSE = Rows.col(F, "first_response_at");
    private static final int CLOSED = Rows.col(F, "closed_at");
    private static final int OUTCOME = Rows.col(F, "outcome");
    private static final int COMPENSATED_BY = Rows.col(F, "compensated_by");
    private static final int COMPENSATION = Rows.col(F, "compensation_cny");
    private static final int SATISFACTION = Rows.col(F, "satisfaction");
    private static final int ESCALATED = Rows.col(F, "escalated_12315");
    private static final int PHONE = Rows.col(F, "complainant_phone");
    private static final int UPDATED = Rows.col(F, "updated_at");

    private static final String[] KINDS = {"commodity", "publicity", "other"};
    private static final double[] KIND_SHARE = {0.55, 0.30, 0.15};
    private static final String[] OUTCOMES = {"resolved", "partially_resolved", "unresolved", "rejected", "withdrawn"};
    private static final double[] OUTCOME_SHARE = {0.62, 0.12, 0.09, 0.09, 0.08};
    private static final String[] PAYERS = {"merchant", "anchor", "mcn", "platform", "none"};
    private static final double[][] PAYER_SHARE = {
        {0.85, 0.00, 0.02, 0.06, 0.07},   // commodity
        {0.40, 0.40, 0.05, 0.05, 0.10},   // publicity
        {0.50, 0.00, 0.00, 0.06, 0.44}};  // other
    private static final List<Categories.Category> PUBLICITY = Categories.ofKind(Categories.Kind.PUBLICITY);
    static final double CORRECTION = 0.03;

    private final Registers reg;
    private final Ids ids;
    private final long exportedAt;
    private final LocalDate lastDay;
    private final double perWeight;

    /**
     * @param perBroadcast mean complaints per broadcast; spread over broadcasts in proportion to
     *                     sqrt(orders + 1), whose mean is estimated from 20,000 drawn broadcasts
     */
    ComplaintFacts(Registers reg, Ids ids, long exportedAt, LocalDate lastDay, double perBroadcast) {
        this.reg = reg;
        this.ids = ids;
        this.exportedAt = exportedAt;
        this.lastDay = lastDay;
        Rand rng = Rand.derive(reg.seed, "complaint-calibration", 0);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < 20_000; i++) {
            int a = reg.activeAnchor(rng, Registers.REF_TO);
            if (a >= 0) {
                sum += weight(SessionModel.sample(rng, reg.lnReach[a]));
                n++;
            }
        }
        this.perWeight = n == 0 ? 0 : perBroadcast / (sum / n);
    }

    private static double weight(SessionModel.Session s) {
        return Math.sqrt(Math.max(0, s.orders()) + 1);
    }

    /** Complaints about a broadcast, queued for their day of receipt when it is in the period. */
    void fromBroadcast(BroadcastFacts.Broadcast b, LocalDate firstDay, Rand rng, Pending pending) {
        int n = rng.poisson(perWeight * weight(b.session()));
        for (int i = 0; i < n; i++) {
            long lag = rng.chance(0.5) ? rng.between(600L, 2 * Formats.DAY)
                    : (long) Math.min(30 * Formats.DAY, rng.exponential(6 * Formats.DAY));
            long received = b.endedAt() + lag;
            LocalDate day = Formats.beijingDay(received);
            if (!day.isBefore(firstDay) && !day.isAfter(lastDay)) {
                pending.add(build(b, received, day, rng));
            }
        }
    }

    private FactRecord build(BroadcastFacts.Broadcast b, long received, LocalDate day, Rand rng) {
        boolean utc = Registers.utc(b.platform());
        int kind = rng.weighted(KIND_SHARE);
        String[] row = Rows.blank(F);
        row[ID] = ids.next(F);
        row[PLATFORM] = Registers.PLATFORM_IDS[b.platform()];
        row[BROADCAST] = b.id() != null && rng.chance(0.85) ? b.id() : null;
        if (rng.chance(kind == 0 ? 0.95 : kind == 1 ? 0.5 : 0.4)) {
            row[MERCHANT] = Registers.merchantId(reg.merchantOn(rng, b.platform()));
        }
        if (rng.chance(kind == 1 ? 0.97 : 0.8)) {
            row[ANCHOR] = Registers.anchorId(b.anchor());
        }
        if (rng.chance(0.7)) {
            row[CATEGORY] = switch (kind) {
                case 0 -> Categories.commodity(rng).code();
                case 1 -> PUBLICITY.get(rng.between(0, PUBLICITY.size() - 1)).code();
                default -> rng.chance(0.5) ? "V13" : "V10";
            };
        }
        row[KIND] = KINDS[kind];
        row[RECEIVED] = Formats.instant(received, utc);

        long last = received;
        long accepted = Registers.NONE;
        if (rng.chance(0.96)) {
            long lag = rng.chance(0.05) ? rng.between(8 * Formats.DAY, 20 * Formats.DAY)
                    : (long) Math.min(10 * Formats.DAY, rng.lognormal(Math.log(1.5 * Formats.DAY), 0.8));
            accepted = received + Math.max(600, lag);
        }
        long firstResponse = received + Math.max(300, (long) rng.lognormal(Math.log(0.8 * Formats.DAY), 0.9));
        if (accepted != Registers.NONE && accepted <= exportedAt) {
            row[ACCEPTED] = Formats.instant(accepted, utc);
            last = accepted;
        }
        if (firstResponse <= exportedAt) {
            row[FIRST_RESPONSE] = Formats.instant(firstResponse, utc);
            last = Math.max(last, firstResponse);
        }
        String outcome = "pending";
        boolean closed = false;
        if (row[ACCEPTED] != null) {
            outcome = OUTCOMES[rng.weighted(OUTCOME_SHARE)];
            long closedAt = outcome.equals("rejected") ? accepted
                    : accepted + Math.max(Formats.DAY, Math.min(60 * Formats.DAY,
                    (long) rng.lognormal(Math.log(7 * Formats.DAY), 0.9)));
            closedAt = Math.max(closedAt, Math.min(firstResponse, exportedAt));
            if (closedAt <= exportedAt && firstResponse <= closedAt) {
                row[CLOSED] = Formats.instant(closedAt, utc);
                last = Math.max(last, closedAt);
                closed = true;
            } else {
                outcome = "pending";
            }
        }
        row[OUTCOME] = outcome;
        boolean paid = outcome.equals("resolved") || outcome.equals("partially_resolved");
        if (paid) {
            String payer = PAYERS[rng.weighted(PAYER_SHARE[kind])];
            row[COMPENSATED_BY] = payer;
            if (!payer.equals("none")) {
                row[COMPENSATION] = Formats.money(Formats.fen(Math.min(50_000, Math.max(1, rng.lognormal(Math.log(80), 1.0)))));
            }
        } else if (closed && rng.chance(0.5)) {
            row[COMPENSATED_BY] = "none";
        }
        if (closed && rng.chance(0.75)) {
            row[SATISFACTION] = Integer.toString(satisfaction(outcome, rng));
        }
        if (rng.chance(0.85)) {
            row[ESCALATED] = Boolean.toString(rng.chance(outcome.equals("resolved") ? 0.04 : 0.25));
        }
        row[PHONE] = rng.chance(0.96) ? Identifiers.mobile(rng) : null;
        long updated = Math.min(exportedAt, last + rng.between(60L, 30 * Formats.MINUTE));
        row[UPDATED] = Formats.instant(updated, utc);

        FactRecord rec = FactRecord.of(F, row, day);
        if (closed && rng.chance(CORRECTION)) {
            long at = Math.max(updated, received + FactRecord.CORRECTION_MIN_DAYS * Formats.DAY)
                    + rng.between(Formats.DAY, 10 * Formats.DAY);
            LocalDate corrDay = Formats.beijingDay(at);
            if (at <= exportedAt && !corrDay.isAfter(lastDay)) {
                String[] c = row.clone();
                if (c[SATISFACTION] == null) {
                    c[SATISFACTION] = Integer.toString(satisfaction(outcome, rng));
                } else if (!"true".equals(c[ESCALATED])) {
                    c[ESCALATED] = "true";
                } else {
                    c[SATISFACTION] = Integer.toString(Integer.parseInt(c[SATISFACTION]) % 5 + 1);
                }
                c[UPDATED] = Formats.instant(at, utc);
                rec = rec.withCorrection(c, corrDay);
            }
        }
        return rec;
    }

    private static int satisfaction(String outcome, Rand rng) {
        double u = rng.uniform();
        return switch (outcome) {
            case "resolved" -> u < 0.55 ? 5 : u < 0.85 ? 4 : u < 0.95 ? 3 : u < 0.98 ? 2 : 1;
            case "partially_resolved" -> u < 0.2 ? 5 : u < 0.55 ? 4 : u < 0.85 ? 3 : 2;
            case "withdrawn" -> u < 0.3 ? 5 : u < 0.6 ? 4 : 3;
            default -> u < 0.5 ? 1 : u < 0.8 ? 2 : 3;
        };
    }
}
