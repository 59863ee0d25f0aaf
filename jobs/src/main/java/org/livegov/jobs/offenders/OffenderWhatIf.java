package org.livegov.jobs.offenders;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.metrics.conform.RegisterHistory;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.gold.SubjectKeys;
import org.livegov.metrics.offenders.OffenderPolicy;
import org.livegov.metrics.offenders.OffenderSets;
import org.livegov.metrics.offenders.OffenderViolation;
import org.livegov.metrics.offenders.WhatIf;

/**
 * {@code livegov offenders --what-if FILE}: read silver → evaluate the current and the proposed
 * policy ({@link WhatIf}) → write one CSV. Writes no table: the warehouse is only read.
 *
 * <p>CSV columns: {@code change} (added, removed, changed), {@code subject_key}, {@code subject_role},
 * {@code current_rules}, {@code proposed_rules} ({@code id@version}, {@code ;}-separated),
 * {@code current_public}, {@code proposed_public}, {@code triggered_on} (Beijing day),
 * {@code evidence_ids} ({@code ;}-separated violation ids), {@code evidence} (each firing with its
 * acts). UTF-8, header row, one row per subject whose listing changes.
 */
public final class OffenderWhatIf {
    private final SparkSession spark;
    private final Warehouse wh;

    public OffenderWhatIf(SparkSession spark, Warehouse wh) {
        this.spark = spark;
        this.wh = wh;
    }

    /** The result and where its CSV went. */
    public record Outcome(LocalDate asOf, WhatIf.Result result, Path csv) {
    }

    /**
     * @param current  the policy in force ({@code <conf>/offenders.yaml})
     * @param proposed the policy under review
     * @param asOf     Beijing day to evaluate at; null for the run date of the last committed night
     * @param outDir   local folder for {@code offenders-what-if-<asOf>.csv} (created)
     * @throws UserError when the warehouse has no silver violations or no committed night, or the
     *     CSV cannot be written
     */
    public Outcome run(OffenderPolicy current, OffenderPolicy proposed, LocalDate asOf, Path outDir) {
        if (!DeltaTable.isDeltaTable(spark, wh.silver(Feed.VIOLATIONS))) {
            throw new UserError(wh.silver(Feed.VIOLATIONS) + " is not a Delta table: run livegov nightly (or livegov demo) first");
        }
        LocalDate day = asOf != null ? asOf : lastRunDate();
        Dataset<Row> keyed = SubjectKeys.attach(silver(Feed.VIOLATIONS), silver(Feed.ANCHORS), silver(Feed.MERCHANTS),
                silver(Feed.MCNS)).cache();
        try {
            Set<String> cur = candidates(keyed, current, day);
            Set<String> prop = candidates(keyed, proposed, day);
            Set<String> all = new HashSet<>(cur);
            all.addAll(prop);
            Map<String, List<OffenderViolation>> bySubject = new TreeMap<>();
            if (!all.isEmpty()) {
                for (Row r : OffenderSets.ruleColumns(keyed).where(col("subject_key").isin(all.toArray())).collectAsList()) {
                    OffenderViolation v = OffenderSets.violation(r);
                    bySubject.computeIfAbsent(v.subjectKey(), k -> new ArrayList<>()).add(v);
                }
            }
            WhatIf.Result result = WhatIf.compare(current, proposed, cur, prop, bySubject, day);
            return new Outcome(day, result, write(result, outDir.resolve("offenders-what-if-" + day + ".csv")));
        } finally {
            keyed.unpersist();
        }
    }

    private Set<String> candidates(Dataset<Row> keyed, OffenderPolicy policy, LocalDate day) {
        return new HashSet<>(OffenderSets.candidateSubjects(keyed, policy, day).as(Encoders.STRING()).collectAsList());
    }

    /** Run date of the last committed night in {@code _control/runs}. */
    private LocalDate lastRunDate() {
        if (!DeltaTable.isDeltaTable(spark, wh.runs())) {
            throw new UserError("no nightly run has committed under " + wh.root() + "; run livegov nightly first, or give --as-of");
        }
        Row r = spark.read().format("delta").load(wh.runs()).where(col("status").equalTo("committed"))
                .agg(max("run_date")).first();
        if (r.isNullAt(0)) {
            throw new UserError("no committed run in " + wh.runs() + "; run livegov nightly first, or give --as-of");
        }
        return r.getDate(0).toLocalDate();
    }

    static final List<String> COLUMNS = List.of("change", "subject_key", "subject_role", "current_rules",
            "proposed_rules", "current_public", "proposed_public", "triggered_on", "evidence_ids", "evidence");

    static Path write(WhatIf.Result result, Path csv) {
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(b::addColumn);
        try {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                 SequenceWriter out = new CsvMapper().writer(b.build()).writeValues(w)) {
                for (WhatIf.Change c : result.changes()) {
                    out.write(List.of(c.kind().code(), c.subjectKey(), c.subjectRole(), String.join(";", c.currentRules()),
                            String.join(";", c.proposedRules()), String.valueOf(c.currentPublic()),
                            String.valueOf(c.proposedPublic()), String.valueOf(c.triggeredOn()),
                            String.join(";", c.evidenceIds()), c.evidence()));
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot write " + csv + ": " + e.getMessage());
        }
        return csv;
    }

    /** A silver table; a register as it stands now (its current versions, {@link RegisterHistory#current}): a what-if replays a policy today, over the register as it stands now. */
    private Dataset<Row> silver(Feed f) {
        Dataset<Row> d = spark.read().format("delta").load(wh.silver(f));
        return RegisterHistory.isRegister(f) ? RegisterHistory.current(d) : d;
    }
}
