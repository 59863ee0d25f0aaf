package org.livegov.jobs.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.livegov.jobs.UserError;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Generates coherent demo input feeds into a landing folder, {@code <landing>/<feed>/<file>}, in
 * plain Java (no Spark), streaming the facts day by day: only the registers (400,000 anchors at
 * national scale) and a few days of queued rows are held in memory.
 *
 * <p>What a run writes (see {@link GeneratorSpec} for the period and the initial load):
 * <ul>
 *   <li>registers (initial load): see {@link RegisterFiles};</li>
 *   <li>violation history (initial load): {@code violations/history-<first>_<last>.csv}, the 24
 *       months before the period, at a rate growing from 5 % to 45 % of the period's;</li>
 *   <li>one file per fact feed and Beijing day ({@code broadcasts/broadcasts-2026-04-01.csv},
 *       sometimes {@code .jsonl}), with late rows, duplicates, corrections and malformed rows as
 *       described in {@link Delivery} and {@link DefectInjector};</li>
 *   <li>{@code _generator-report.json}: the {@link GenerationReport}.</li>
 * </ul>
 *
 * <p>Coherence: every valid fact row refers to register rows that exist and are valid (a
 * broadcast's anchor is on the broadcast's platform; a complaint's merchant sells there); no
 * instant is later than {@link GenerationReport#exportedAt()}, two days after the period.
 * Complaints and violations surfacing in the first days of the period may stem from broadcasts
 * of the 30 days before it ("warm-up" broadcasts, drawn but not written); these carry no
 * broadcast_id.
 */
public final class DemoGenerator {
    /** Name of the report file in the landing folder. */
    public static final String REPORT_FILE = "_generator-report.json";
    static final int WARM_UP_DAYS = 30;
    /** Share of violations found in or after a broadcast; the rest have no broadcast. */
    static final double BROADCAST_VIOLATION_SHARE = 0.75;

    private DemoGenerator() {
    }

    /** {@link #generate(GeneratorSpec, Path, Consumer)} without progress messages. */
    public static GenerationReport generate(GeneratorSpec spec, Path landing) {
        return generate(spec, landing, message -> { });
    }

    /**
     * Generates the feeds of {@code spec} into {@code landing} and writes the report there.
     *
     * @param spec     what to generate
     * @param landing  landing folder; created when missing; may already hold other periods'
     *                 files, but not a file this run would write
     * @param progress receives a line after the registers, after the history, and every 10 days
     * @return the report, also written to {@code <landing>/_generator-report.json}
     * @throws UserError when the folder cannot be created or written (one actionable line), or
     *                   already holds a file of the same feed and day
     */
    public static GenerationReport generate(GeneratorSpec spec, Path landing, Consumer<String> progress) {
        return new Run(spec, new Landing(landing), progress).run();
    }

    /** One generation run: the state shared by its steps. */
    private static final class Run {
        private final GeneratorSpec spec;
        private final Landing landing;
        private final Consumer<String> progress;
        private final long seed;
        private final long exportedAt;
        private final Registers reg;
        private final Tally tally = new Tally();
        private final Ids ids = new Ids();
        private final DefectInjector defects = new DefectInjector(ids);
        private final RepeatOffenders offenders;
        private final BroadcastFacts broadcasts;
        private final ViolationFacts violations;
        private final ComplaintFacts complaints;
        private final Pending pendingViolations = new Pending();
        private final Pending pendingComplaints = new Pending();
        private final Reservoir sample;
        private long gmvFen;
        private List<RepeatOffenders.Plant> plants = List.of();

        Run(GeneratorSpec spec, Landing landing, Consumer<String> progress) {
            this.spec = spec;
            this.landing = landing;
            this.progress = progress;
            this.seed = spec.seed();
            checkFree();
            GeneratorSpec.Scale scale = spec.scale();
            this.exportedAt = Formats.startOf(spec.to().plusDays(2));
            this.reg = new Registers(scale, seed, (double) scale.broadcastsPerQuarter / GeneratorSpec.REFERENCE_DAYS);
            ids.startAfter(Feed.MCNS, reg.mcns);
            ids.startAfter(Feed.MERCHANTS, reg.merchants);
            ids.startAfter(Feed.ANCHORS, reg.anchors);
            ids.startAfter(Feed.CONTRACTS, reg.contracts.size());
            this.offenders = new RepeatOffenders(spec.to());
            double perBroadcastViolations = BROADCAST_VIOLATION_SHARE * scale.violationsPerQuarter / scale.broadcastsPerQuarter;
            double standalonePerDay = (1 - BROADCAST_VIOLATION_SHARE) * scale.violationsPerQuarter
                    / GeneratorSpec.REFERENCE_DAYS;
            this.broadcasts = new BroadcastFacts(reg, ids, exportedAt, spec.to(), scale.broadcastsPerQuarter);
            this.violations = new ViolationFacts(reg, ids, offenders, exportedAt, spec.to(),
                    perBroadcastViolations, standalonePerDay);
            this.complaints = new ComplaintFacts(reg, ids, exportedAt, spec.to(),
                    (double) scale.complaintsPerQuarter / scale.broadcastsPerQuarter);
            this.sample = new Reservoir(100_000, Rand.derive(seed, "reservoir", 0),
                    "duration_hours", "peak_viewers", "views", "gmv_cny");
        }

        /** Refuses before writing anything when a file of this run already exists. */
        private void checkFree() {
            for (LocalDate d = spec.from(); !d.isAfter(spec.to()); d = d.plusDays(1)) {
                for (Feed f : List.of(Feed.BROADCASTS, Feed.VIOLATIONS, Feed.COMPLAINTS)) {
                    landing.checkFree(f, FilePlan.dayBase(f, d));
                }
            }
            if (spec.registers()) {
                for (Feed f : List.of(Feed.PLATFORMS, Feed.MCNS, Feed.MERCHANTS, Feed.ANCHORS, Feed.CONTRACTS)) {
                    landing.checkFree(f, FilePlan.registerBase(f));
                }
                landing.checkFree(Feed.CONTRACTS, FilePlan.contractsBeforeBase());
                landing.checkFree(Feed.VIOLATIONS, FilePlan.historyBase(spec.historyFrom(), spec.from().minusDays(1)));
            }
        }

        GenerationReport run() {
            long t0 = System.nanoTime();
            if (spec.registers()) {
                new RegisterFiles(reg, landing, tally, defects, ids).writeAll();
                progress.accept(String.format("registers written: %,d MCNs, %,d merchants, %,d anchors, %,d contracts (%.1f s)",
                        reg.mcns, reg.merchants, reg.anchors, reg.contracts.size(), seconds(t0)));
                plants = offenders.plant(reg, spec.from(), Rand.derive(seed, "plant", 0));
                writeHistory();
                progress.accept(String.format("violation history written: %,d rows since %s (%.1f s)",
                        tally.records(Feed.VIOLATIONS), spec.historyFrom(), seconds(t0)));
            }
            for (LocalDate d = spec.from().minusDays(WARM_UP_DAYS); d.isBefore(spec.from()); d = d.plusDays(1)) {
                Rand rng = Rand.derive(seed, "broadcasts", d.toEpochDay());
                int n = broadcasts.count(d, rng);
                for (int i = 0; i < n; i++) {
                    spawn(broadcasts.next(d, rng, true), rng);
                }
            }
            Map<Feed, Double> expected = new EnumMap<>(Feed.class);
            double quarters = spec.days() / (double) GeneratorSpec.REFERENCE_DAYS;
            expected.put(Feed.BROADCASTS, spec.scale().broadcastsPerQuarter * quarters);
            expected.put(Feed.VIOLATIONS, spec.scale().violationsPerQuarter * quarters);
            expected.put(Feed.COMPLAINTS, spec.scale().complaintsPerQuarter * quarters);
            Delivery delivery = new Delivery(landing, tally, defects, ids, seed, spec.to(), expected);
            int dayNo = 0;
            for (LocalDate d = spec.from(); !d.isAfter(spec.to()); d = d.plusDays(1)) {
                generateDay(d, delivery);
                if (++dayNo % 10 == 0 || d.equals(spec.to())) {
                    progress.accept(String.format("%s: %d/%d days, %,d broadcasts, %,d violations, %,d complaints (%.1f s)",
                            d, dayNo, spec.days(), tally.records(Feed.BROADCASTS), tally.records(Feed.VIOLATIONS),
                            tally.records(Feed.COMPLAINTS), seconds(t0)));
                }
            }
            GenerationReport report = report();
            writeReport(report);
            return report;
        }

        private void generateDay(LocalDate day, Delivery delivery) {
            delivery.open(day);
            Rand rng = Rand.derive(seed, "broadcasts", day.toEpochDay());
            int n = broadcasts.count(day, rng);
            for (int i = 0; i < n; i++) {
                BroadcastFacts.Broadcast b = broadcasts.next(day, rng, false);
                if (b != null) {
                    delivery.deliver(b.record(), rng);
                    observe(b.session());
                    spawn(b, rng);
                }
            }
            Rand vr = Rand.derive(seed, "violations", day.toEpochDay());
            violations.standalone(day, vr, pendingViolations);
            for (RepeatOffenders.Plant p : plants) {
                if (p.day().equals(day)) {
                    pendingViolations.add(violations.planted(p, vr));
                }
            }
            for (FactRecord r : pendingViolations.take(day)) {
                delivery.deliver(r, vr);
            }
            Rand cr = Rand.derive(seed, "complaints", day.toEpochDay());
            for (FactRecord r : pendingComplaints.take(day)) {
                delivery.deliver(r, cr);
            }
            delivery.close();
        }

        private void spawn(BroadcastFacts.Broadcast b, Rand rng) {
            if (b != null) {
                violations.fromBroadcast(b, spec.from(), rng, pendingViolations);
                complaints.fromBroadcast(b, spec.from(), rng, pendingComplaints);
            }
        }

        private void observe(SessionModel.Session s) {
            if (!s.gmvBlank()) {
                gmvFen += s.gmvFen();
            }
            sample.offer(s.durationSeconds() / 3600.0, s.peakViewers(), s.views(),
                    s.gmvBlank() ? Double.NaN : s.gmvFen() / 100.0);
        }

        /** The 24 months before the period, in one file, at a rate growing towards the period's. */
        private void writeHistory() {
            LocalDate first = spec.historyFrom();
            LocalDate last = spec.from().minusDays(1);
            FeedWriter w = landing.open(Feed.VIOLATIONS, FilePlan.historyBase(first, last), FileFormat.CSV_UTF8);
            double span = last.toEpochDay() - first.toEpochDay() + 1;
            double ratePerDay = (double) spec.scale().violationsPerQuarter / GeneratorSpec.REFERENCE_DAYS;
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                Rand rng = Rand.derive(seed, "history", d.toEpochDay());
                double growth = 0.05 + 0.40 * (d.toEpochDay() - first.toEpochDay()) / span;
                int n = rng.poisson(ratePerDay * growth);
                for (int i = 0; i < n; i++) {
                    String[] row = violations.history(d, rng);
                    if (row != null) {
                        w.write(row);
                        tally.record(Feed.VIOLATIONS);
                    }
                }
                for (RepeatOffenders.Plant p : plants) {
                    if (p.day().equals(d)) {
                        w.write(violations.planted(p, rng).row());
                        tally.record(Feed.VIOLATIONS);
                    }
                }
            }
            w.close();
        }

        private GenerationReport report() {
            List<GenerationReport.FileEntry> files = landing.files();
            Map<String, GenerationReport.FeedCounts> feeds = tally.report(files);
            Map<String, Long> byReason = new LinkedHashMap<>();
            for (ReasonCode r : ReasonCode.values()) {
                long n = feeds.values().stream().mapToLong(c -> c.malformedByReason().getOrDefault(r.name(), 0L)).sum();
                if (n > 0) {
                    byReason.put(r.name(), n);
                }
            }
            int movers = 0;
            for (int a = 0; a < reg.anchors; a++) {
                movers += reg.mcnB[a] != Registers.NO_MCN ? 1 : 0;
            }
            GenerationReport.Calibration calibration = new GenerationReport.Calibration(reg.mcns,
                    Registers.topMcnCount(reg.mcns), Math.round(reg.topMcnShare() * 10_000) / 10_000.0,
                    Math.round(reg.zipfExponent * 1000) / 1000.0, reg.contractedAnchors(), movers, reg.anchors,
                    reg.persons(), reg.twoAccountPersons.size(), reg.under16, reg.merchants,
                    reg.twoShopCompanies.size(), tally.records(Feed.BROADCASTS),
                    BigDecimal.valueOf(gmvFen, 2).toPlainString(), sample.quantiles(0.10, 0.50, 0.90, 0.99));
            return new GenerationReport(spec.scale().name().toLowerCase(java.util.Locale.ROOT), seed,
                    spec.from().toString(), spec.to().toString(), spec.registers(),
                    spec.registers() ? spec.historyFrom().toString() : null,
                    Instant.ofEpochSecond(exportedAt).toString(), feeds, byReason, files, calibration,
                    offenders.report());
        }

        private void writeReport(GenerationReport report) {
            Path file = landing.root().resolve(REPORT_FILE);
            try {
                Files.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(report));
            } catch (IOException e) {
                throw Landing.failure(file, e);
            }
        }

        private static double seconds(long t0) {
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
