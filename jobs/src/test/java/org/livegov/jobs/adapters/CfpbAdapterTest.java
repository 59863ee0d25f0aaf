package org.livegov.jobs.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfpbAdapterTest {
    @TempDir
    Path landing;

    @Test
    void realComplaintsLandWithMerchantsAndPseudoPlatform() throws IOException {
        AdapterReport report = new CfpbAdapter().adapt(RealData.file("cfpb_complaints_2023_sample.csv"), landing);

        // python3 -c "import csv;r=list(csv.DictReader(open('cfpb_complaints_2023_sample.csv')));
        //   print(len(r),len({x['Company'] for x in r}))" -> 2067 177 (no two spellings share a key here)
        assertEquals(2067, report.rowsRead());
        assertEquals(0, report.rowsDropped());
        assertEquals(Map.of("platforms", 1L, "merchants", 177L, "complaints", 2067L), report.rowsWritten());

        List<Map<String, String>> rows = RealData.read(landing.resolve("complaints/cfpb-cfpb_complaints_2023_sample.csv"));
        // Issue / Sub-issue rules computed with grep-like regexes in python (see docs/adapters.md):
        // advertis|marketing|promotional|false statements -> 20, fees|interest|apr|overcharged|wrong amount -> 23,
        // disclosure -> 4, rest 2020.
        assertEquals(Map.of("V04", 20L, "V06", 23L, "V13", 4L, "", 2020L), count(rows, r -> r.get("category")));
        assertEquals(Map.of("publicity", 43L, "other", 2024L), count(rows, r -> r.get("kind")));
        // python3 -c "...;print(collections.Counter(x['Company response to consumer'] for x in r))"
        // non-monetary relief 789 + monetary relief 33, explanation 627, in progress 616, without relief 2
        assertEquals(Map.of("resolved", 822L, "partially_resolved", 627L, "pending", 616L, "unresolved", 2L),
                count(rows, r -> r.get("outcome")));
        assertEquals(33L, count(rows, r -> r.get("compensated_by")).get("merchant"));
        // Consumer disputed?: N/A 2053, No 13, Yes 1
        assertEquals(Map.of("", 2053L, "false", 13L, "true", 1L), count(rows, r -> r.get("escalated_12315")));

        Map<String, String> first = rows.get(0);
        assertEquals("cfpb-7523056", first.get("complaint_id"));
        assertEquals("cfpb-equifax", first.get("merchant_id"));
        assertEquals("2023-08-25T00:00:00-04:00", first.get("received_at"));
        assertEquals("", first.get("closed_at"));

        List<Map<String, String>> merchants = RealData.read(landing.resolve("merchants/cfpb-cfpb_complaints_2023_sample.csv"));
        assertEquals(rows.stream().map(r -> r.get("merchant_id")).collect(Collectors.toSet()),
                merchants.stream().map(m -> m.get("merchant_id")).collect(Collectors.toSet()));
        assertEquals("EQUIFAX, INC.", merchants.stream().filter(m -> m.get("merchant_id").equals("cfpb-equifax"))
                .findFirst().orElseThrow().get("name"));
    }

    @Test
    void classificationAndOutcomeTables() {
        assertEquals(new CfpbAdapter.Classification("V04", "publicity"), CfpbAdapter.classify(
                "Advertising and marketing, including promotional offers", "Confusing or misleading advertising or marketing"));
        assertEquals(new CfpbAdapter.Classification("V06", "publicity"),
                CfpbAdapter.classify("Charged fees or interest you didn't expect", ""));
        assertEquals(new CfpbAdapter.Classification("V13", "other"),
                CfpbAdapter.classify("Confusing or missing disclosures", ""));
        assertEquals(new CfpbAdapter.Classification("", "other"),
                CfpbAdapter.classify("Incorrect information on your report", "Information belongs to someone else"));
        assertEquals("partially_resolved", CfpbAdapter.outcome("Closed with explanation"));
        assertEquals("Closed with a smile", CfpbAdapter.outcome("Closed with a smile"), "unknown passes through");
        assertEquals("", CfpbAdapter.compensatedBy("In progress"));
    }

    static <T> Map<T, Long> count(List<Map<String, String>> rows, Function<Map<String, String>, T> by) {
        return rows.stream().collect(Collectors.groupingBy(by, Collectors.counting()));
    }
}
