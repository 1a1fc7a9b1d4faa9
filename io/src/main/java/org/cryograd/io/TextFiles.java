package org.cryograd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reading the text formats (STAR, .tlt): strict UTF-8, and a binary file given by mistake named as such. */
public final class TextFiles {
    private TextFiles() {}

    /**
     * Reads a whole file as UTF-8 text.
     *
     * @param path the file
     * @param format what the file should be, for the message (e.g. "a tilt-angle file")
     * @return its text
     * @throws FileFormatException if the file holds a NUL byte or is not valid UTF-8 (a binary file, such as an MRC
     *     map given where text belongs), naming the first offending byte and its offset
     * @throws IOException if it cannot be read
     */
    public static String read(Path path, String format) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        for (int i = 0; i < bytes.length; i++)
            if (bytes[i] == 0) throw notText(path, format, bytes, i);
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return d.decode(in).toString();
        } catch (CharacterCodingException e) {
            // the decoder stops at the first malformed sequence; its position is the offending byte
            throw notText(path, format, bytes, Math.min(in.position(), bytes.length - 1));
        }
    }

    private static FileFormatException notText(Path path, String format, byte[] bytes, int at) {
        return new FileFormatException(path, null, -1, String.format(Locale.ROOT,
                "not %s: byte 0x%02x at offset %d is not text (UTF-8); is this a binary file?", format, bytes[at] & 0xff, at));
    }
}
