package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which name matches go to review and which the identifiers already decide (pure, no Spark). */
class NameCandidatesTest {
    static NameCandidates.Named n(String key, String name, String... violations) {
        return new NameCandidates.Named(key, name, List.of(violations));
    }

    static List<String> found(NameCandidates.Named... named) {
        return NameCandidates.find(List.of(named)).stream()
                .map(c -> c.kind() + " " + c.nameKey() + " " + c.subjectKeys() + " " + c.violationIds()).toList();
    }

    @Test
    void twoIdentityNumbersAreTwoPeopleWhateverTheirStageName() {
        // person:a and person:b: different identity numbers, same stage name: nothing to review
        assertEquals(List.of(), found(n("person:a", "小雪", "V1"), n("person:b", "小雪", "V2")));
        // an anchor known only by its platform account may be either of them: proposed
        assertEquals(List.of("same_name_other_keys 小雪 [anchor:A9, person:a, person:b] [V1, V2, V3]"),
                found(n("person:a", "小雪", "V1"), n("person:b", "小雪", "V2"), n("anchor:A9", "小雪", "V3")));
        // one person writing two spellings was merged by identity number, not by name: nothing
        assertEquals(List.of(), found(n("person:a", "Xiao Xue", "V1"), n("person:a", "xiao-xue", "V2")));
    }

    @Test
    void companiesAreProposedWhenOnlyANameJoinsThem() {
        // two USCCs with one registered name (a company re-registered under a new code): proposed
        assertEquals(List.of("same_name_other_keys 绍兴福满百草贸易有限公司 [uscc:91330602MA1, uscc:91330602MA2] [V1]"),
                found(n("uscc:91330602MA1", "绍兴福满百草贸易有限公司", "V1"), n("uscc:91330602MA2", "绍兴福满百草贸易有限公司")));
        // a name-keyed FDA subject merged two spellings ("Acme, Inc." and "ACME Inc" → acme): shown
        assertEquals(List.of("spelling_variants acme [merchant:fda-acme] [V1, V2]"),
                found(n("merchant:fda-acme", "Acme, Inc.", "V1"), n("merchant:fda-acme", "ACME Inc", "V2")));
        // the same two spellings under one USCC were merged by the code: nothing
        assertEquals(List.of(), found(n("uscc:X", "Acme, Inc.", "V1"), n("uscc:X", "ACME Inc", "V2")));
        // "Alohma LLC d/b/a Kure" and a subject named Kure: the trade name may be Alohma
        assertEquals(List.of("dba_alias kure [merchant:fda-alohma, merchant:fda-kure] [V1, V2]"),
                found(n("merchant:fda-alohma", "Alohma LLC d/b/a Kure", "V1"), n("merchant:fda-kure", "Kure", "V2")));
    }
}
