package org.cryograd.nn.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON subset a safetensors header needs, read and written without a dependency. Objects become
 * insertion-ordered {@link LinkedHashMap}s (duplicate keys are an error), arrays {@link List}s, integers
 * {@link Long}, other numbers {@link Double}, plus {@link String}, {@link Boolean} and {@code null}.
 * Strings are written the way Python's {@code json.dumps} writes them by default (ASCII only, {@code \\uXXXX}
 * escapes in lower-case hex), so a header written here is byte-identical to one written by
 * {@code json.dumps(header, separators=(',', ':'))}.
 */
final class Json {
    private static final int MAX_DEPTH = 64;

    private final String s;
    private final Path file;
    private int pos;

    private Json(String s, Path file) {
        this.s = s;
        this.file = file;
    }

    /**
     * Parses one JSON value that may be followed by whitespace only (safetensors pads headers with spaces).
     *
     * @throws SafeTensorsException naming the file and the character offset in the header
     */
    static Object parse(String text, Path file) throws SafeTensorsException {
        Json p = new Json(text, file);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) throw p.error("unexpected '" + text.charAt(p.pos) + "' after the end of the JSON value");
        return v;
    }

    private SafeTensorsException error(String what) {
        return new SafeTensorsException(file, "bad JSON header at character " + pos + ": " + what);
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
            else break;
        }
    }

    private Object value(int depth) throws SafeTensorsException {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        if (pos >= s.length()) throw error("unexpected end of header");
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected '" + c + "'");
        }
    }

    private void literal(String word) throws SafeTensorsException {
        if (!s.startsWith(word, pos)) throw error("expected '" + word + "'");
        pos += word.length();
    }

    private Map<String, Object> object(int depth) throws SafeTensorsException {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        pos++; // '{'
        skipWs();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipWs();
            if (peek() != '"') throw error("expected a string key");
            int keyPos = pos;
            String key = string();
            skipWs();
            if (peek() != ':') throw error("expected ':' after key \"" + key + "\"");
            pos++;
            skipWs();
            Object v = value(depth + 1);
            if (m.containsKey(key)) {
                pos = keyPos;
                throw error("duplicate key \"" + key + "\"");
            }
            m.put(key, v);
            skipWs();
            char c = peek();
            pos++;
            if (c == '}') return m;
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) throws SafeTensorsException {
        List<Object> a = new ArrayList<>();
        pos++; // '['
        skipWs();
        if (peek() == ']') {
            pos++;
            return a;
        }
        while (true) {
            skipWs();
            a.add(value(depth + 1));
            skipWs();
            char c = peek();
            pos++;
            if (c == ']') return a;
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private char peek() throws SafeTensorsException {
        if (pos >= s.length()) throw error("unexpected end of header");
        return s.charAt(pos);
    }

    private String string() throws SafeTensorsException {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) throw error("unterminated string");
            char c = s.charAt(pos++);
            if (c == '"') return b.toString();
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) throw error("unterminated escape");
            char e = s.charAt(pos++);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (pos + 4 > s.length()) throw error("truncated \\u escape");
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0) throw error("bad hex digit in \\u escape");
                        v = v * 16 + d;
                    }
                    pos += 4;
                    b.append((char) v);
                    break;
                default:
                    pos--;
                    throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number() throws SafeTensorsException {
        int start = pos;
        if (s.charAt(pos) == '-') pos++;
        int intStart = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
        if (pos == intStart) throw error("expected a digit");
        if (s.charAt(intStart) == '0' && pos - intStart > 1) {
            pos = intStart;
            throw error("leading zero in a number");
        }
        boolean integral = true;
        if (pos < s.length() && s.charAt(pos) == '.') {
            integral = false;
            pos++;
            int f = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            if (pos == f) throw error("expected a digit after '.'");
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
            int f = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            if (pos == f) throw error("expected a digit in the exponent");
        }
        String t = s.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException ex) {
                pos = start;
                throw error("integer " + t + " does not fit in 64 bits");
            }
        }
        return Double.parseDouble(t);
    }

    // ---------------------------------------------------------------- writing

    /** Appends {@code v} as a JSON string literal, escaped like Python's {@code json.dumps} (ensure_ascii). */
    static void writeString(StringBuilder out, String v) {
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        // non-ASCII (UTF-16 units, surrogate pairs included, as Python does) and control characters
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
