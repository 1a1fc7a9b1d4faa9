package org.cryograd.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * How a file is compressed, recognised by its first bytes (never by its name, so {@code map.mrc} that is really
 * gzip-compressed and {@code map.mrc.gz} that is not both read correctly).
 *
 * <p>gzip ({@code 1f 8b}, several members concatenated allowed) and bzip2 ({@code "BZh1"}..{@code "BZh9"},
 * concatenated streams allowed) are decompressed transparently by {@link #open(Path)}. xz, zstd and zip are
 * recognised and refused with a {@link FileFormatException} that says how to decompress them. A corrupt or truncated
 * compressed file gives a {@link FileFormatException} naming the file and what is wrong, for example
 * {@code "map.mrc.bz2: bzip2 block 1: CRC mismatch (...)"} or {@code "map.mrc.gz: gzip: unexpected end of file"}.
 */
public enum Compression {
    /** Not compressed (or not in a format recognised here). */
    NONE("none"),
    /** gzip (RFC 1952), decompressed with {@link GZIPInputStream}. */
    GZIP("gzip"),
    /** bzip2, decompressed with {@link Bzip2InputStream}. */
    BZIP2("bzip2");

    private final String label;

    Compression(String label) {
        this.label = label;
    }

    /** Formats we recognise but do not decode: magic bytes, name, command that decompresses. */
    private static final Object[][] UNSUPPORTED = {
        {new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}, "xz", "xz -d"},
        {new int[] {0x28, 0xb5, 0x2f, 0xfd}, "zstd", "zstd -d"},
        {new int[] {'P', 'K', 3, 4}, "zip", "unzip"},
    };

    /** A short lower-case name: {@code "none"}, {@code "gzip"} or {@code "bzip2"}. */
    public String label() {
        return label;
    }

    /**
     * Recognises the compression of {@code path} from its first bytes.
     *
     * @param path any file
     * @return {@link #GZIP}, {@link #BZIP2}, or {@link #NONE} for anything else that is not refused
     * @throws FileFormatException if the file is xz-, zstd- or zip-compressed (the message says how to decompress it)
     * @throws IOException if it cannot be read
     */
    public static Compression detect(Path path) throws IOException {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return detect(path, head, n);
    }

    static Compression detect(Path path, byte[] head, int n) throws FileFormatException {
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
        if (n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') return BZIP2;
        for (Object[] u : UNSUPPORTED) {
            int[] magic = (int[]) u[0];
            if (startsWith(head, n, magic))
                throw new FileFormatException(path, null, -1, "is a " + u[1] + "-compressed file; decompress it first (" + u[2] + ")");
        }
        return NONE;
    }

    private static boolean startsWith(byte[] head, int n, int[] magic) {
        if (n < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((head[i] & 0xff) != magic[i]) return false;
        return true;
    }

    /**
     * Opens {@code path} for reading its content, decompressing it when it is gzip or bzip2 compressed. Corrupt or
     * truncated compressed data make the returned stream throw {@link FileFormatException}s naming the file.
     *
     * @param path any file
     * @return a buffered stream of the (decompressed) content; close it
     * @throws FileFormatException if the file uses a compression that is not supported
     * @throws IOException if it cannot be opened
     */
    public static InputStream open(Path path) throws IOException {
        return open(path, detect(path));
    }

    static InputStream open(Path path, Compression c) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            switch (c) {
                case NONE:
                    return raw;
                case GZIP:
                    return new Checked(path, c, new GZIPInputStream(raw, 1 << 16));
                case BZIP2:
                    return new Checked(path, c, new Bzip2InputStream(raw));
                default:
                    throw new IllegalStateException("unhandled " + c);
            }
        } catch (ZipException | EOFException e) {
            raw.close();
            throw Checked.formatError(path, c, e);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Turns the decoders' data errors (but not real I/O errors) into {@link FileFormatException}s naming the file. */
    private static final class Checked extends FilterInputStream {
        private final Path path;
        private final Compression c;

        Checked(Path path, Compression c, InputStream in) {
            super(in);
            this.path = path;
            this.c = c;
        }

        static FileFormatException formatError(Path path, Compression c, IOException e) {
            String msg = e instanceof EOFException ? "unexpected end of file" : String.valueOf(e.getMessage());
            if (e instanceof EOFException && e.getMessage() != null && e.getMessage().startsWith(c.label))
                msg = e.getMessage(); // bzip2's EOF message names the block
            else if (!msg.startsWith(c.label)) msg = c.label + ": " + msg;
            FileFormatException f = new FileFormatException(path, c.label, -1, msg);
            f.initCause(e);
            return f;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (ZipException | EOFException e) {
                throw formatError(path, c, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw formatError(path, c, e);
            }
        }
    }
}
