package org.livegov.jobs.generate;

import static org.livegov.metrics.quality.ReasonCode.BAD_DATE;
import static org.livegov.metrics.quality.ReasonCode.BAD_IDENTITY_NUMBER;
import static org.livegov.metrics.quality.ReasonCode.BAD_INSTANT;
import static org.livegov.metrics.quality.ReasonCode.BAD_USCC;
import static org.livegov.metrics.quality.ReasonCode.MISSING_REQUIRED;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Writes the registers as snapshot files: {@code platforms/platforms-2026-06-30.jsonl},
 * {@code mcns/mcns-2026-06-30.csv} (UTF-8 with BOM), {@code merchants/merchants-2026-06-30.csv}
 * (GB18030), {@code anchors/anchors-2026-06-30.csv}, and contracts in two files: as they stood
 * before the quarter ({@code contracts-2026-03-31.csv}) and the changes during it
 * ({@code contracts-2026-06-30.csv}: movers' first contracts closed — corrections — and new
 * contracts). Each register file except platforms holds a few malformed rows
 * ({@code max(1, rows/20000)} per defect) at random positions and a few exact duplicates
 * ({@code max(1, rows/5000)}).
 */
final class RegisterFiles {
    private final Registers reg;
    private final Landing landing;
    private final Tally tally;
    private final DefectInjector defects;
    private final Ids ids;

    RegisterFiles(Registers reg, Landing landing, Tally tally, DefectInjector defects, Ids ids) {
        this.reg = reg;
        this.landing = landing;
        this.tally = tally;
        this.defects = defects;
        this.ids = ids;
    }

    void writeAll() {
        Rand rng = Rand.derive(reg.seed, "register-files", 0);
        List<String[]> platforms = new ArrayList<>();
        for (int p = 0; p < Registers.PLATFORM_IDS.length; p++) {
            platforms.add(platformRow(p));
        }
        write(Feed.PLATFORMS, FilePlan.registerBase(Feed.PLATFORMS), platforms, List.of(), rng);

        List<String[]> mcns = new ArrayList<>();
        for (int m = 0; m < reg.mcns; m++) {
            mcns.add(mcnRow(m, rng));
        }
        write(Feed.MCNS, FilePlan.registerBase(Feed.MCNS), mcns, List.of(MISSING_REQUIRED, BAD_USCC, BAD_DATE), rng);

        List<String[]> merchants = new ArrayList<>();
        for (int m = 0; m < reg.merchants; m++) {
            merchants.add(merchantRow(m));
        }
        write(Feed.MERCHANTS, FilePlan.registerBase(Feed.MERCHANTS), merchants,
                List.of(MISSING_REQUIRED, BAD_USCC, BAD_INSTANT), rng);

        List<String[]> anchors = new ArrayList<>();
        for (int a = 0; a < reg.anchors; a++) {
            anchors.add(anchorRow(a));
        }
        write(Feed.ANCHORS, FilePlan.registerBase(Feed.ANCHORS), anchors,
                List.of(MISSING_REQUIRED, BAD_IDENTITY_NUMBER, BAD_DATE), rng);

        List<String[]> before = new ArrayList<>();
        List<String[]> during = new ArrayList<>();
        int corrections = 0;
        for (Registers.Contract c : reg.contracts) {
            String[] row = contractRow(c, c.validTo(), c.signedAt());
            (c.inQuarter() ? during : before).add(row);
            if (c.endsOn() != null) {
                long endedAt = Formats.epochSecond(c.endsOn(), rng.between(9 * Formats.HOUR, 20 * Formats.HOUR));
                during.add(contractRow(c, c.endsOn(), endedAt));
                corrections++;
            }
        }
        write(Feed.CONTRACTS, FilePlan.contractsBeforeBase(), before, List.of(MISSING_REQUIRED, BAD_DATE), rng);
        FeedWriter w = landing.open(Feed.CONTRACTS, FilePlan.registerBase(Feed.CONTRACTS), FilePlan.registerFormat(Feed.CONTRACTS));
        during.forEach(w::write);
        w.close();
        for (int i = 0; i < during.size() - corrections; i++) {
            tally.record(Feed.CONTRACTS);
        }
        for (int i = 0; i < corrections; i++) {
            tally.correction(Feed.CONTRACTS);
        }
    }

    /** Writes valid rows with malformed copies and exact duplicates mixed in. */
    private void write(Feed feed, String baseName, List<String[]> valid, List<ReasonCode> reasons, Rand rng) {
        List<String[]> rows = new ArrayList<>(valid);
        valid.forEach(r -> tally.record(feed));
        int perReason = Math.max(1, valid.size() / 20_000);
        for (ReasonCode reason : reasons) {
            for (int i = 0; i < perReason; i++) {
                for (int attempt = 0; attempt < 100; attempt++) {
                    String[] copy = valid.get(rng.between(0, valid.size() - 1)).clone();
                    if (feed == Feed.ANCHORS) {
                        copy[Rows.col(feed, "account_id")] = copy[Rows.col(feed, "account_id")] == null ? null
                                : copy[Rows.col(feed, "account_id")] + "x" + (i + 1);
                    }
                    copy[Rows.col(feed, feed.keyField())] = ids.next(feed);
                    if (defects.inject(feed, reason, copy, rng)) {
                        rows.add(rng.between(0, rows.size()), copy);
                        tally.malformed(feed, reason);
                        break;
                    }
                }
            }
        }
        if (feed != Feed.PLATFORMS) {
            int duplicates = Math.max(1, valid.size() / 5000);
            for (int i = 0; i < duplicates; i++) {
                int j = rng.between(0, rows.size() - 1);
                String[] original = valid.get(rng.between(0, valid.size() - 1));
                rows.add(Math.max(j, rows.indexOf(original) + 1), original.clone());
                tally.duplicate(feed);
            }
        }
        FeedWriter w = landing.open(feed, baseName, FilePlan.registerFormat(feed));
        rows.forEach(w::write);
        w.close();
    }

    private String[] platformRow(int p) {
        Feed f = Feed.PLATFORMS;
        String[] r = Rows.blank(f);
        r[Rows.col(f, "platform_id")] = Registers.PLATFORM_IDS[p];
        r[Rows.col(f, "name")] = Registers.PLATFORM_NAMES[p];
        r[Rows.col(f, "uscc")] = reg.platformUscc[p];
        r[Rows.col(f, "updated_at")] = Formats.instant(Formats.epochSecond(LocalDate.of(2026, 1, 5), 10 * Formats.HOUR + p * 60), Registers.utc(p));
        return r;
    }

    private String[] mcnRow(int m, Rand rng) {
        Feed f = Feed.MCNS;
        String[] r = Rows.blank(f);
        r[Rows.col(f, "mcn_id")] = Registers.mcnId(m);
        r[Rows.col(f, "name")] = reg.mcnName[m];
        r[Rows.col(f, "uscc")] = reg.mcnUscc[m];
        LocalDate registered = reg.mcnRegistered[m];
        r[Rows.col(f, "registered_at")] = registered == null ? null : registered.toString();
        LocalDate base = registered == null ? LocalDate.of(2020, 1, 1) : registered;
        long updated = Math.min(Registers.SNAPSHOT_AT, Formats.epochSecond(base.plusDays(rng.between(0, 900)),
                rng.between(9 * Formats.HOUR, 20 * Formats.HOUR)));
        r[Rows.col(f, "updated_at")] = Formats.instant(updated, false);
        return r;
    }

    private String[] merchantRow(int m) {
        Feed f = Feed.MERCHANTS;
        boolean utc = Registers.utc(reg.merchantPlatform[m]);
        String[] r = Rows.blank(f);
        r[Rows.col(f, "merchant_id")] = Registers.merchantId(m);
        r[Rows.col(f, "platform_id")] = Registers.PLATFORM_IDS[reg.merchantPlatform[m]];
        r[Rows.col(f, "name")] = reg.merchantName[m];
        r[Rows.col(f, "uscc")] = reg.merchantUscc[m];
        r[Rows.col(f, "licence_displayed")] = Boolean.toString(reg.licenceDisplayed[m]);
        r[Rows.col(f, "qualification_verified_at")] = instant(reg.merchantQualifiedAt[m], utc);
        r[Rows.col(f, "entry_audited_at")] = instant(reg.merchantAuditedAt[m], utc);
        r[Rows.col(f, "updated_at")] = instant(reg.merchantUpdatedAt[m], utc);
        return r;
    }

    private String[] anchorRow(int a) {
        Feed f = Feed.ANCHORS;
        boolean utc = Registers.utc(reg.anchorPlatform[a]);
        int person = reg.anchorPerson[a];
        String[] r = Rows.blank(f);
        r[Rows.col(f, "anchor_id")] = Registers.anchorId(a);
        r[Rows.col(f, "platform_id")] = Registers.PLATFORM_IDS[reg.anchorPlatform[a]];
        r[Rows.col(f, "account_id")] = reg.accountId[a];
        r[Rows.col(f, "identity_number")] = reg.personIdentity.get(person);
        r[Rows.col(f, "phone_number")] = reg.personPhone.get(person);
        r[Rows.col(f, "birth_date")] = reg.birthDateShown[a] ? reg.personBirth.get(person).toString() : null;
        r[Rows.col(f, "real_name_verified_at")] = instant(reg.realNameVerifiedAt[a], utc);
        r[Rows.col(f, "entry_audited_at")] = instant(reg.entryAuditedAt[a], utc);
        r[Rows.col(f, "updated_at")] = instant(reg.anchorUpdatedAt[a], utc);
        return r;
    }

    private String[] contractRow(Registers.Contract c, LocalDate validTo, long updatedAt) {
        Feed f = Feed.CONTRACTS;
        String[] r = Rows.blank(f);
        r[Rows.col(f, "contract_id")] = Registers.contractId(c.index());
        r[Rows.col(f, "anchor_id")] = Registers.anchorId(c.anchor());
        r[Rows.col(f, "mcn_id")] = Registers.mcnId(c.mcn());
        r[Rows.col(f, "valid_from")] = c.validFrom().toString();
        r[Rows.col(f, "valid_to")] = validTo == null ? null : validTo.toString();
        r[Rows.col(f, "updated_at")] = Formats.instant(updatedAt, false);
        return r;
    }

    private static String instant(long epochSecond, boolean utc) {
        return epochSecond == Registers.NONE ? null : Formats.instant(epochSecond, utc);
    }
}
