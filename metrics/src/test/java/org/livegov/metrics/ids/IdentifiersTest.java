package org.livegov.metrics.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void usccCheckCharacterByHand() {
        // 91330106MA2AXXXX1: values 9,1,3,3,0,1,0,6,M=21,A=10,2,A=10,X=29,X=29,X=29,X=29,1
        // weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28
        // sum = 9+3+27+81+0+26+0+102+420+290+50+130+232+696+290+870+28 = 3254; 3254 mod 31 = 30;
        // 31 - 30 = 1 → '1'
        assertEquals('1', Uscc.checkCharacter("91330106MA2AXXXX1"));
        assertTrue(Uscc.isValid("91330106MA2AXXXX11"));
        assertTrue(Uscc.isValid("91440300ma5fyyyy2p"));          // lower case accepted
        assertFalse(Uscc.isValid("91330106MA2AXXXX12"));         // wrong check character
        assertFalse(Uscc.isValid("91330106MA2AXXXI11"));         // I is not in the alphabet
        assertFalse(Uscc.isValid("9133010"));
        assertEquals("330000", Uscc.provinceCode("91330106MA2AXXXX11")); // Zhejiang (GB/T 2260)
    }

    @Test
    void residentIdCheckDigitByHand() {
        // 33010619900307123: digits × weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2
        // = 21+27+0+5+0+24+2+9+54+0+0+27+0+35+8+8+6 = 226; 226 mod 11 = 6 → "10X98765432"[6] = '6'
        assertEquals('6', ResidentIdNumber.checkCharacter("33010619900307123"));
        assertTrue(ResidentIdNumber.isValid("330106199003071236"));
        assertFalse(ResidentIdNumber.isValid("330106199003071230"));
        assertFalse(ResidentIdNumber.isValid("330106199002301234")); // 30 Feb is no birth date
        assertEquals(LocalDate.of(1990, 3, 7), ResidentIdNumber.birthDate("330106199003071236"));
        assertNull(ResidentIdNumber.birthDate("33010619900230"));
    }

    @Test
    void pseudonymsAreKeyedStableAndNormalised() {
        Pseudonymiser a = new Pseudonymiser("key-one-0123456789".getBytes(StandardCharsets.UTF_8));
        Pseudonymiser b = new Pseudonymiser("key-two-0123456789".getBytes(StandardCharsets.UTF_8));
        String p = a.pseudonym("id", "33010619900307123x");
        assertEquals(64, p.length());
        assertEquals(p, a.pseudonym("id", " 33010619900307123X "));   // trimmed, upper case
        assertNotEquals(p, b.pseudonym("id", "33010619900307123X"));  // another key, another pseudonym
        assertNotEquals(p, a.pseudonym("phone", "33010619900307123X")); // domains differ
        assertNull(a.pseudonym("id", "  "));
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymiser(new byte[8]));
    }
}
