package org.livegov.jobs.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.livegov.jobs.UserError;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * Where the pseudonymisation key comes from: the environment variable {@code LIVEGOV_PSEUDONYM_KEY}
 * (the key itself, at least 16 characters), or {@code LIVEGOV_PSEUDONYM_KEY_FILE} (a file holding
 * it). Only the demo may fall back to a built-in key, and says so; any other run without a key
 * refuses to start, since a guessable key would let anyone reverse the pseudonyms by enumerating
 * identity numbers.
 */
public final class KeyProvider {
    public static final String ENV_KEY = "LIVEGOV_PSEUDONYM_KEY";
    public static final String ENV_KEY_FILE = "LIVEGOV_PSEUDONYM_KEY_FILE";
    private static final String DEMO_KEY = "livegov-demo-key-NOT-FOR-PRODUCTION";

    private KeyProvider() {
    }

    /** Outcome: the pseudonymiser and whether the built-in demo key was used. */
    public record Key(Pseudonymiser pseudonymiser, boolean demo) {
    }

    /**
     * @param allowDemoKey true only for {@code livegov demo}
     * @param warn         receives the warning when the demo key is used
     * @throws UserError without a usable key outside demo mode, or when the key is too short or
     *     the key file unreadable
     */
    public static Key resolve(boolean allowDemoKey, java.io.PrintStream warn) {
        String key = System.getenv(ENV_KEY);
        String file = System.getenv(ENV_KEY_FILE);
        if ((key == null || key.isBlank()) && file != null && !file.isBlank()) {
            try {
                key = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                if (key.isEmpty()) {
                    throw new UserError(ENV_KEY_FILE + "=" + file + ": the key file is empty");
                }
            } catch (IOException e) {
                throw new UserError(ENV_KEY_FILE + "=" + file + ": cannot read the key file (" + e.getMessage() + ")");
            }
        }
        if (key == null || key.isBlank()) {
            if (!allowDemoKey) {
                throw new UserError("no pseudonymisation key: set " + ENV_KEY + " (16+ characters) or "
                        + ENV_KEY_FILE + "; only 'livegov demo' may run with the built-in key");
            }
            warn.println("WARNING: using the built-in demo pseudonymisation key; pseudonyms are NOT protected. "
                    + "Set " + ENV_KEY + " for real data.");
            return new Key(new Pseudonymiser(DEMO_KEY.getBytes(StandardCharsets.UTF_8)), true);
        }
        if (key.length() < 16) {
            throw new UserError(ENV_KEY + " is too short: use at least 16 characters");
        }
        return new Key(new Pseudonymiser(key.getBytes(StandardCharsets.UTF_8)), false);
    }
}
