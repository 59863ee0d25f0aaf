package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which name matches go to review and which the identifiers already decide (pure, no Spark).
 * Common-name cap as shipped in conf/offenders.yaml: name_review.max_subjects = 5.
 */
class NameCandidatesTest {
    static NameCandidates.Named n(String key, String name, String... violations) {
        return new NameCandidates.Named(key, name, List.of(violations));
    }

    static List<String> found(NameCandidates.Named... named) {
        return found(List.of(named));
    }

    static List<String> found(List<NameCandidates.Named> named) {
        return NameCandidates.find(named, 5).stream()
                .map(c -> c.kind() + " " + c.nameKey() + " " + c.subjectKeys() + " " + c.violationIds()).toList();
    }

    @Test
    void identifiersDecideWhoIsWho() {
        // person:a and person:b: different identity numbers, same stage name: two people, nothing to review
        assertEquals(List.of(), found(n("person:a", "小雪", "V1"), n("person:b", "小雪", "V2")));
        // one person writing two spellings was merged by identity number, not by name: nothing
        assertEquals(List.of(), found(n("person:a", "Xiao Xue", "V1"), n("person:a", "xiao-xue", "V2")));
        // two USCCs: two registered companies, nothing; two spellings under one USCC: nothing
        assertEquals(List.of(), found(n("uscc:91330602MA1", "Acme Co., Ltd.", "V1"), n("uscc:91330602MA2", "ACME CO LTD", "V2")));
        assertEquals(List.of(), found(n("uscc:X", "Acme, Inc.", "V1"), n("uscc:X", "ACME Inc", "V2")));
    }

    @Test
    void aSubjectWithoutAnIdentifierIsProposedAgainstTheOthers() {
        // an anchor known only by its platform account may be either person: proposed, 3 subjects
        assertEquals(List.of("same_name_other_keys 小雪 [anchor:A9, person:a, person:b] [V1, V2, V3]"),
                found(n("person:a", "小雪", "V1"), n("person:b", "小雪", "V2"), n("anchor:A9", "小雪", "V3")));
        // an FDA letter's company (name-keyed) and a USCC-keyed merchant of the same name
        assertEquals(List.of("same_name_other_keys acme [merchant:fda-acme, uscc:X] [V1, V2]"),
                found(n("uscc:X", "Acme Co., Ltd.", "V1"), n("merchant:fda-acme", "ACME, Inc.", "V2")));
        // the name-keyed subject merged two spellings ("Acme, Inc." and "ACME Inc" → acme): shown
        assertEquals(List.of("spelling_variants acme [merchant:fda-acme] [V1, V2]"),
                found(n("merchant:fda-acme", "Acme, Inc.", "V1"), n("merchant:fda-acme", "ACME Inc", "V2")));
        // "Alohma LLC d/b/a Kure" and a subject named Kure: the trade name may be Alohma
        assertEquals(List.of("dba_alias kure [merchant:fda-alohma, merchant:fda-kure] [V1, V2]"),
                found(n("merchant:fda-alohma", "Alohma LLC d/b/a Kure", "V1"), n("merchant:fda-kure", "Kure", "V2")));
    }

    @Test
    void aNameOfMoreThanFiveSubjectsIsACommonName() {
        // 阿强 written by person:p0 .. person:p3 and anchor:A9: 5 subjects, at the cap: proposed
        List<NameCandidates.Named> five = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            five.add(n("person:p" + i, "阿强", "V" + i));
        }
        five.add(n("anchor:A9", "阿强", "V9"));
        assertEquals(1, found(five).size());
        // a sixth subject (person:p4): 6 > 5, a common name, not proposed
        List<NameCandidates.Named> six = new ArrayList<>(five);
        six.add(n("person:p4", "阿强", "V4"));
        assertEquals(List.of(), found(six));
        assertThrows(IllegalArgumentException.class, () -> NameCandidates.find(five, 1));
    }
}
