package org.livegov.metrics.ids;

/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the 31-letter
 * alphabet {@code 0-9 A-H J-N P-R T U W-Y} (no I, O, S, V, Z). Characters 3-8 are the registering
 * region's administrative division code (GB/T 2260); character 18 is a check character computed
 * with weights 3^(i) mod 31 over the first 17 characters.
 */
public final class Uscc {
    /** The code alphabet, in value order (GB 32100-2015 table 1). */
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private Uscc() {
    }

    /**
     * Check character for the first 17 characters.
     *
     * @param first17 17 characters of the code alphabet (upper case)
     * @return the check character
     * @throws IllegalArgumentException when the input is not 17 characters of the alphabet
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("USCC body must be 17 characters: " + first17);
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("character '" + first17.charAt(i) + "' is not in the USCC alphabet");
            }
            sum += v * WEIGHTS[i];
        }
        int c = 31 - (sum % 31);
        return ALPHABET.charAt(c == 31 ? 0 : c);
    }

    /**
     * @return true when {@code code} is 18 characters of the alphabet, characters 3-8 are digits,
     *     and the check character matches. Lower case is accepted (normalise with {@link #normalise}).
     */
    public static boolean isValid(String code) {
        String c = normalise(code);
        if (c == null || c.length() != 18) {
            return false;
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(c.charAt(i))) {
                return false;
            }
        }
        try {
            return checkCharacter(c.substring(0, 17)) == c.charAt(17);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Trimmed, upper case; null stays null. */
    public static String normalise(String code) {
        return code == null ? null : code.trim().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Province-level division code (GB/T 2260) of a valid code: characters 3-4 followed by "0000",
     * e.g. {@code 330000} for Zhejiang.
     */
    public static String provinceCode(String validCode) {
        return normalise(validCode).substring(2, 4) + "0000";
    }
}
