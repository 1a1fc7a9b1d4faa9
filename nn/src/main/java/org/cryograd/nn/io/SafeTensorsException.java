package org.cryograd.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file (or checkpoint) that is malformed or does not match what the caller expects. The message
 * always starts with the file and names the field or tensor involved.
 */
public final class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code file}; the message is prefixed with the file's path. */
    public SafeTensorsException(Path file, String message) {
        super(file + ": " + message);
    }

    /** An error about {@code file} caused by {@code cause}. */
    public SafeTensorsException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
