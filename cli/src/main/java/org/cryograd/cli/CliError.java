package org.cryograd.cli;

/**
 * A problem with the user's input or environment (missing file, inconsistent sizes, ...): the command line prints
 * its message as one line and exits with status 1, with no stack trace unless {@code -v}.
 */
final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliError(String message) {
        super(message);
    }

    CliError(String message, Throwable cause) {
        super(message, cause);
    }
}
