package org.livegov.jobs;

/**
 * A failure the user can act on: a bad file, a bad configuration, a missing key. The CLI prints
 * its message as one line and exits 1; no stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
