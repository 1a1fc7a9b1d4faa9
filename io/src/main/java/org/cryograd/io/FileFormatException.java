package org.cryograd.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read because its content is malformed, truncated or unsupported.
 *
 * <p>The message always starts with the file name and names the offending header field, block, column or line,
 * for example {@code "vol.mrc: header field 'mode' = 7 is not a supported MRC mode"} or
 * {@code "angles.tlt:4: 'abc' is not a number"}. The parts are also available as accessors so callers can
 * report them in their own words.
 */
public final class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;
    private final int line;

    /**
     * A format error in {@code file}.
     *
     * @param file the file (as given by the caller)
     * @param field the header field, block/column or other element at fault; may be {@code null}
     * @param line the 1-based line number for text formats, or {@code -1}
     * @param detail what is wrong, without the file name (it is prepended)
     */
    public FileFormatException(Path file, String field, int line, String detail) {
        super(prefix(file, line) + detail);
        this.file = String.valueOf(file);
        this.field = field;
        this.line = line;
    }

    private static String prefix(Path file, int line) {
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    /** The file, as the caller named it. */
    public String file() {
        return file;
    }

    /** The header field, block or column at fault, or {@code null} when the error is not about one element. */
    public String field() {
        return field;
    }

    /** The 1-based line number in a text file, or {@code -1} for binary formats and whole-file errors. */
    public int line() {
        return line;
    }
}
