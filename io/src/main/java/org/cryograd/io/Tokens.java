package org.cryograd.io;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Number parsing for the line-oriented text formats, with errors that name file, line and field. */
final class Tokens {
    /** A plain decimal number as C's strtod writes it: no NaN, Infinity, hex or Java type suffixes. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(\\.0*)?");

    private Tokens() {}

    /** Splits a stripped line on runs of whitespace (an empty line gives no tokens). */
    static String[] split(String line) {
        String t = line.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    /**
     * A finite decimal number.
     *
     * @throws FileFormatException "file:line: field 'name' = 'tok' is not a number"
     */
    static double number(String token, Path file, int line, String field) throws FileFormatException {
        if (token != null && NUMBER.matcher(token).matches()) {
            double v = Double.parseDouble(token);
            if (Double.isFinite(v)) return v;
        }
        throw new FileFormatException(file, field, line, "field '" + field + "' = '" + token + "' is not a number");
    }

    /**
     * An integer (an integral decimal such as {@code 3.000} is accepted, as written by C's {@code %f}).
     *
     * @throws FileFormatException naming file, line and field
     */
    static int integer(String token, Path file, int line, String field) throws FileFormatException {
        if (token != null && INTEGER.matcher(token).matches()) {
            try {
                String t = token.contains(".") ? token.substring(0, token.indexOf('.')) : token;
                return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                // out of int range: fall through
            }
        }
        throw new FileFormatException(file, field, line, "field '" + field + "' = '" + token + "' is not an integer");
    }

    /** Requires at least {@code n} tokens on a line whose fields are named {@code names}. */
    static void require(String[] tokens, int n, String[] names, Path file, int line, String what) throws FileFormatException {
        if (tokens.length < n)
            throw new FileFormatException(file, tokens.length < names.length ? names[tokens.length] : null, line,
                    what + " has " + tokens.length + " value" + (tokens.length == 1 ? "" : "s") + ", expected " + n
                            + (tokens.length < names.length ? " (missing '" + names[tokens.length] + "')" : ""));
    }

    /** Shortest round-trip decimal in plain notation (as {@link TiltAngles}). */
    static String format(double v) {
        return TiltAngles.format(v);
    }
}
