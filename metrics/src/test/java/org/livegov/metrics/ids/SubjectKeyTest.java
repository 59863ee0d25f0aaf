package org.livegov.metrics.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The subject key and its prefixes: written and read by one type. */
class SubjectKeyTest {
    @Test
    void writesAndReadsItsPrefixes() {
        assertEquals("uscc:91330100MA2XXXXX0X", SubjectKey.uscc("91330100MA2XXXXX0X").toString());
        assertEquals("person:ab12", SubjectKey.person("ab12").toString());
        assertEquals(new SubjectKey(SubjectKey.Kind.MERCHANT, "m-7"), SubjectKey.parse("merchant:m-7"));
        // the id keeps any colon of its own: only the first prefix is the kind
        assertEquals(new SubjectKey(SubjectKey.Kind.ANCHOR, "dy:a:1"), SubjectKey.parse("anchor:dy:a:1"));
        for (SubjectKey.Kind k : SubjectKey.Kind.values()) {
            SubjectKey key = new SubjectKey(k, "x1");
            assertEquals(key, SubjectKey.parse(key.toString()));
        }
    }

    @Test
    void onlyIdentityNumbersAndUsccsJoinAcrossPlatforms() {
        assertTrue(SubjectKey.crossPlatform("person:ab12"));
        assertTrue(SubjectKey.crossPlatform("uscc:91330100MA2XXXXX0X"));
        assertFalse(SubjectKey.crossPlatform("anchor:a1"));
        assertFalse(SubjectKey.crossPlatform("merchant:m1"));
        assertFalse(SubjectKey.crossPlatform("mcn:n1"));
        assertFalse(SubjectKey.crossPlatform("platform:DY"));
    }

    @Test
    void aKeyWithoutKnownPrefixOrIdIsRefused() {
        assertEquals("not a subject key: 'company:1' (expected one of person:, uscc:, anchor:, merchant:, mcn:, platform:)",
                assertThrows(IllegalArgumentException.class, () -> SubjectKey.parse("company:1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SubjectKey.parse("uscc:"));
        assertThrows(IllegalArgumentException.class, () -> SubjectKey.parse(null));
    }
}
