package org.cryograd.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes {@link MrcReader} reads: a file mapped in windows, or the decompressed content of a compressed file,
 * held in memory when small enough or else in a temporary file that is deleted on {@link #close()}.
 */
abstract class ByteSource implements Closeable {
    /** Content length in bytes. */
    abstract long size() throws IOException;

    /** Fills {@code dst} from byte {@code position} on (fewer bytes only at the end of the content), then flips it. */
    abstract void read(ByteBuffer dst, long position) throws IOException;

    /** A read-only view of bytes {@code position .. position + n} ({@code n} at most 2 GiB - 1). */
    abstract ByteBuffer window(Path path, long position, long n) throws IOException;

    static ByteSource file(Path path) throws IOException {
        return new Channel(FileChannel.open(path, StandardOpenOption.READ));
    }

    /**
     * Decompresses {@code path} completely: into memory if the content has at most {@code memoryLimit} bytes,
     * else into a temporary file in {@code tmpDir} ({@code null}: {@code java.io.tmpdir}), deleted when the source
     * is closed.
     */
    static ByteSource decompressed(Path path, Compression c, long memoryLimit, Path tmpDir) throws IOException {
        try (InputStream in = Compression.open(path, c)) {
            byte[] head = in.readNBytes((int) Math.min(memoryLimit, Integer.MAX_VALUE - 8));
            int next = in.read();
            if (next < 0) return new Memory(head);
            Path tmp = tmpDir == null ? Files.createTempFile("cryograd-", ".mrc") : Files.createTempFile(tmpDir, "cryograd-", ".mrc");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    out.write(head);
                    head = null; // let the memory go before copying the rest
                    out.write(next);
                    in.transferTo(out);
                }
                // DELETE_ON_CLOSE: the file disappears when the reader closes its channel.
                return new Channel(FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        }
    }

    private static final class Channel extends ByteSource {
        private final FileChannel channel;

        Channel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        long size() throws IOException {
            return channel.size();
        }

        @Override
        void read(ByteBuffer dst, long position) throws IOException {
            long pos = position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) break;
                pos += n;
            }
            dst.flip();
        }

        @Override
        ByteBuffer window(Path path, long position, long n) throws IOException {
            try {
                return channel.map(FileChannel.MapMode.READ_ONLY, position, n);
            } catch (IOException e) {
                throw new IOException(path + ": cannot map bytes " + position + ".." + (position + n) + " (file size now "
                        + channel.size() + "): " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class Memory extends ByteSource {
        private final byte[] bytes;

        Memory(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        void read(ByteBuffer dst, long position) {
            int n = (int) Math.max(0, Math.min(dst.remaining(), bytes.length - position));
            dst.put(bytes, (int) position, n);
            dst.flip();
        }

        @Override
        ByteBuffer window(Path path, long position, long n) {
            return ByteBuffer.wrap(bytes, (int) position, (int) n).slice().asReadOnlyBuffer();
        }

        @Override
        public void close() {}
    }
}
