package org.livegov.metrics.ids;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA256) of personal identifiers: identity numbers and phone numbers become
 * 64-hex-character keys. The same key on every platform gives the same pseudonym for the same
 * person, which is what cross-platform matching of repeat offenders needs; without the key the
 * pseudonym cannot be reversed by enumerating identity numbers.
 *
 * <p>Values are normalised before hashing (trimmed, upper case, spaces and dashes removed), and a
 * domain label ("id", "phone") is prefixed so that equal strings of different kinds differ.
 */
public final class Pseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] key;

    /**
     * @param key secret key bytes, at least 16
     * @throws IllegalArgumentException when the key is shorter than 16 bytes
     */
    public Pseudonymiser(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("pseudonymisation key must be at least 16 bytes");
        }
        this.key = key.clone();
    }

    /**
     * @param domain label of the identifier kind, e.g. {@code "id"} or {@code "phone"}
     * @param value  raw identifier; null or blank gives null
     * @return 64 lower-case hex characters, or null
     */
    public String pseudonym(String domain, String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace(" ", "").replace("-", "");
        if (v.isEmpty()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(v.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * The key a platform receives for a subject of the joint-punishment list: HMAC-SHA256 under the
     * same secret key of {@code "platform" 0x00 platformId 0x00 subjectKey}, where {@code subjectKey}
     * is the regulator's subject key ({@code person:<pseudonym>}, {@code uscc:<code>},
     * {@code anchor:<id>}, ...). Stable across nights for the same key, platform and subject, so a
     * platform can follow its own listed accounts night after night; different for every platform,
     * so two platforms' lists cannot be joined; and, being an HMAC under a key no platform holds, it
     * gives back neither the regulator's pseudonym nor the identity number behind it.
     *
     * @param platformId the receiving platform's id
     * @param subjectKey the regulator's subject key
     * @return 64 lower-case hex characters, or null when either argument is null
     */
    public String platformKey(String platformId, String subjectKey) {
        if (platformId == null || subjectKey == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update("platform".getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(platformId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(subjectKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Short fingerprint of the key itself (first 8 hex of SHA-256), for manifests; not secret. */
    public String keyFingerprint() {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
