package org.livegov.jobs.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DsaAdapterTest {
    @TempDir
    Path landing;

    @Test
    void realStatementsLandAsPlatformViolationsKeepingTheDuplicatePair() throws IOException {
        AdapterReport report = new DsaAdapter().adapt(RealData.file("dsa_statements_of_reasons_2024-03-14.csv"), landing);

        // python3 -c "import csv,collections;r=list(csv.DictReader(open('dsa_statements_of_reasons_2024-03-14.csv')));
        //   print(len(r),len({x['uuid'] for x in r}),collections.Counter(x['platform_name'] for x in r),r[0]==r[1])"
        // -> 50 49 {Google Shopping: 31, TikTok: 8, AliExpress: 6, Pinterest: 5} True
        assertEquals(50, report.rowsRead());
        assertEquals(0, report.rowsDropped());
        assertEquals(Map.of("platforms", 4L, "violations", 50L), report.rowsWritten());

        List<Map<String, String>> rows = RealData.read(landing.resolve("violations/dsa-dsa_statements_of_reasons_2024-03-14.csv"));
        assertEquals(49, rows.stream().map(r -> r.get("violation_id")).distinct().count());
        assertEquals(rows.get(0), rows.get(1), "the duplicated record is landed twice, identically");
        assertEquals("dsa-03b1b1c9-a860-4bf6-afff-0d8f0d944871", rows.get(0).get("violation_id"));

        assertEquals(Map.of("GOOGLE-SHOPPING", 31L, "TIKTOK", 8L, "ALIEXPRESS", 6L, "PINTEREST", 5L),
                CfpbAdapterTest.count(rows, r -> r.get("platform_id")));
        assertEquals(Map.of("merchant", 37L, "anchor", 13L), CfpbAdapterTest.count(rows, r -> r.get("subject_role")));
        // automated_detection: Yes 40, No 10
        assertEquals(Map.of("platform_automated", 40L, "platform_patrol", 10L),
                CfpbAdapterTest.count(rows, r -> r.get("detected_by")));
        // category: SCOPE_OF_PLATFORM_SERVICE 33 + CIVIC_DISCOURSE 1 (default) -> V13, SCAMS 6 -> V04,
        // MINORS 5 -> V03, PORNOGRAPHY 4 + SELF_HARM 1 -> V11
        assertEquals(Map.of("V13", 34L, "V04", 6L, "V03", 5L, "V11", 5L), CfpbAdapterTest.count(rows, r -> r.get("category")));
        // decision_visibility: CONTENT_DISABLED 37 + CONTENT_REMOVED 2; OTHER 10 + AGE_RESTRICTED 1
        assertEquals(Map.of("remove_content", 39L, "restrict_publishing", 11L),
                CfpbAdapterTest.count(rows, r -> r.get("disposal")));
        assertTrue(rows.stream().allMatch(r -> r.get("detected_at").endsWith("Z") && r.get("disposed_at").endsWith("Z")));
        assertEquals("2024-03-12T00:00:00Z", rows.get(0).get("detected_at"));
        assertEquals("2024-03-14T00:00:07Z", rows.get(0).get("disposed_at"));
    }

    @Test
    void decisionAndCategoryTables() {
        assertEquals(List.of("DECISION_VISIBILITY_CONTENT_REMOVED", "X"),
                DsaAdapter.values("[\"DECISION_VISIBILITY_CONTENT_REMOVED\",\"X\"]"));
        assertEquals(List.of("STATEMENT_CATEGORY_SELF_HARM"), DsaAdapter.values("STATEMENT_CATEGORY_SELF_HARM"));
        assertEquals(List.of(), DsaAdapter.values(" "));
        assertEquals("ban", DsaAdapter.disposal(List.of("DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_ACCOUNT_TERMINATED")));
        assertEquals("suspend", DsaAdapter.disposal(List.of("DECISION_ACCOUNT_SUSPENDED", "DECISION_VISIBILITY_CONTENT_LABELLED")));
        assertEquals("", DsaAdapter.disposal(List.of()));
        assertEquals("DECISION_NEW_KIND", DsaAdapter.disposal(List.of("DECISION_ACCOUNT_SUSPENDED", "DECISION_NEW_KIND")));
        assertEquals("V01", DsaAdapter.category(List.of("STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS")));
        assertEquals("V13", DsaAdapter.category(List.of("STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS")));
        // the 2025 names: renamed products category, other T&C violation, unspecified type
        assertEquals("V02", DsaAdapter.category(List.of("STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS")));
        assertEquals("V13", DsaAdapter.category(List.of("STATEMENT_CATEGORY_OTHER_VIOLATION_TC")));
        assertEquals("V13", DsaAdapter.category(List.of("STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE")));
        // not in the published list: landed as written (quarantined UNKNOWN_CATEGORY), blank stays blank
        assertEquals("STATEMENT_CATEGORY_DEEPFAKES", DsaAdapter.category(List.of("STATEMENT_CATEGORY_DEEPFAKES")));
        assertEquals("", DsaAdapter.category(List.of()));
        assertEquals("GOOGLE-SHOPPING", DsaAdapter.platformId(" Google Shopping "));
        assertEquals("merchant", DsaAdapter.subjectRole("TEMU", List.of("CONTENT_TYPE_PRODUCT")));
        assertEquals("anchor", DsaAdapter.subjectRole("YOUTUBE", List.of("CONTENT_TYPE_VIDEO")));
    }
}
