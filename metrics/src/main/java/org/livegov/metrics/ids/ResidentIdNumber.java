package org.livegov.metrics.ids;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * Resident identity number (居民身份证号码), GB 11643-1999: 6-digit region code, 8-digit birth date
 * {@code yyyyMMdd}, 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).
 * LiveGov never stores it: see {@link Pseudonymiser}.
 */
public final class ResidentIdNumber {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private ResidentIdNumber() {
    }

    /**
     * ISO 7064 MOD 11-2 check character of the first 17 digits.
     *
     * @throws IllegalArgumentException when the input is not 17 digits
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17 || !first17.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("identity number body must be 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** True when 18 characters, a real birth date, and a matching check character (x accepted). */
    public static boolean isValid(String number) {
        if (number == null) {
            return false;
        }
        String n = number.trim().toUpperCase(java.util.Locale.ROOT);
        if (n.length() != 18 || !n.substring(0, 17).chars().allMatch(Character::isDigit)) {
            return false;
        }
        if (birthDate(n) == null) {
            return false;
        }
        return checkCharacter(n.substring(0, 17)) == n.charAt(17);
    }

    /** Birth date encoded in characters 7-14, or null when it is not a real date. */
    public static LocalDate birthDate(String number) {
        try {
            return LocalDate.parse(number.trim().substring(6, 14), BIRTH);
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return null;
        }
    }
}
