package org.livegov.jobs.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.livegov.jobs.UserError;
import org.livegov.metrics.offenders.EarlyRemovalDecision;

/** The regulator's early-removal decision files: what is accepted, and each refusal's message (no Spark). */
class EarlyRemovalDecisionsTest {
    static List<EarlyRemovalDecision> read(String text) throws IOException {
        List<EarlyRemovalDecision> out = new ArrayList<>();
        EarlyRemovalDecisions.readFile("d.csv", new StringReader(text), new HashSet<>(), out);
        return out;
    }

    static String refusal(String text) {
        return assertThrows(UserError.class, () -> read(text)).getMessage();
    }

    @Test
    void anExcelExportWithBomCrlfQuotesAndABlankLineIsRead() throws IOException {
        List<EarlyRemovalDecision> d = read("\uFEFFlisting_id,decision_ref,decided_on\r\n"
                + "\"person:3f#1\",\"ZJ-AMR-2027-0153\",\"2027-08-01\"\r\n\r\nuscc:X#2,ZJ-2,2027-09-01\r\n");
        assertEquals(List.of(new EarlyRemovalDecision("person:3f#1", "ZJ-AMR-2027-0153", LocalDate.of(2027, 8, 1)),
                new EarlyRemovalDecision("uscc:X#2", "ZJ-2", LocalDate.of(2027, 9, 1))), d);
    }

    @Test
    void eachMalformedFileIsRefusedWithItsLine() {
        assertEquals("d.csv: the file is empty; it needs the header listing_id,decision_ref,decided_on", refusal(""));
        assertEquals("d.csv:1: the header is listing_id,decision_ref,decided_on,note; early-removal decisions need "
                + "listing_id,decision_ref,decided_on", refusal("listing_id,decision_ref,decided_on,note\n"));
        assertEquals("d.csv:2: decided_on must be yyyy-MM-dd, not 2026-13-45",
                refusal("listing_id,decision_ref,decided_on\nuscc:X#1,ZJ-1,2026-13-45\n"));
        assertEquals("d.csv:3: listing_id looks like <subject_key>#<seq>, not merchant:MR000264",
                refusal("listing_id,decision_ref,decided_on\nuscc:X#1,ZJ-1,2027-08-01\nmerchant:MR000264,ZJ-2,2027-08-01\n"));
        assertEquals("d.csv:3: decision_ref ZJ-1 appears twice",
                refusal("listing_id,decision_ref,decided_on\nuscc:X#1,ZJ-1,2027-08-01\nuscc:Y#1,ZJ-1,2027-08-01\n"));
        assertEquals("d.csv:2: expected 3 non-blank cells listing_id,decision_ref,decided_on",
                refusal("listing_id,decision_ref,decided_on\nuscc:X#1,,2027-08-01\n"));
    }

    @Test
    void aDecisionForAListingNotOnTheListStopsTheRun() {
        List<EarlyRemovalDecision> d = List.of(new EarlyRemovalDecision("uscc:X#1", "ZJ-1", LocalDate.of(2027, 8, 1)),
                new EarlyRemovalDecision("person:deadbeef#1", "ZJ-2", LocalDate.of(2027, 8, 1)));
        EarlyRemovalDecisions.requireKnownListings(d.subList(0, 1), List.of("uscc:X#1", "uscc:Y#1"));
        assertEquals("early-removal decision ZJ-2 names listing person:deadbeef#1, which gold/offender_listings does not "
                + "hold; correct its listing_id in _decisions (the listing ids are in the repeat-offenders notebook) or remove the line",
                assertThrows(UserError.class, () -> EarlyRemovalDecisions.requireKnownListings(d, List.of("uscc:X#1")))
                        .getMessage());
    }
}
