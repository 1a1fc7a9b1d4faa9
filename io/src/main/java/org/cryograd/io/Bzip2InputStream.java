package org.cryograd.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.ZipException;

/**
 * Decompresses a bzip2 stream (the format of the {@code bzip2} tool), including several streams concatenated
 * (as {@code cat a.bz2 b.bz2} or {@code pbzip2} produce). The JDK has no bzip2 decoder and we keep dependencies
 * few, so this is a compact, readable decoder written from the format description.
 *
 * <p>Each block is checked against its CRC and each stream against its combined CRC; a corrupt or truncated input
 * gives a {@link ZipException} (the JDK's exception for corrupt compressed data; an {@link EOFException} when the
 * input ends early) whose message names the block, e.g. {@code "bzip2 block 1: CRC mismatch (stored
 * 0x..., computed 0x...)"} or {@code "bzip2: unexpected end of file in block 2"}. Blocks with the obsolete
 * "randomised" flag (written only by bzip2 0.9.0 and older) are refused. Bytes after the last stream that do not
 * start another stream are ignored, as Python's {@code bz2} module does.
 *
 * <p>Not thread-safe. The decoder reads its source bit by bit (through a buffer of its own, so the source need not
 * be buffered); it favours clarity over speed (one bit at a time through the Huffman codes).
 */
public final class Bzip2InputStream extends InputStream {
    private static final long BLOCK_MAGIC = 0x314159265359L;
    private static final long END_MAGIC = 0x177245385090L;
    private static final int MAX_GROUPS = 6, MIN_GROUPS = 2, GROUP_SIZE = 50, MAX_CODE_LENGTH = 20;
    /** The reference decoder uses at most this many selectors and ignores the rest (some encoders write more). */
    private static final int MAX_SELECTORS = 18002;
    private static final int RUNA = 0, RUNB = 1;

    private final InputStream in;
    private final byte[] inBuf = new byte[8192];
    private int inPos, inLen;
    private long bitBuf;
    private int bitCount;

    private int blockSize100k;
    private int blockNumber;          // 1-based over the whole input, for messages
    private int streamCrc;            // combined CRC of the current stream's blocks
    private int[] tt = new int[0];    // inverse-BWT links: (next position << 8) | byte

    // State of the block being emitted.
    private int tPos, remaining;      // remaining = BWT symbols not yet emitted
    private int lastByte = -1, runLength, pendingRepeats;
    private int storedBlockCrc, blockCrc;
    private boolean inBlock, finished;

    /**
     * Starts decoding {@code in}, which must begin with a bzip2 stream header ({@code "BZh1"} .. {@code "BZh9"}).
     *
     * @param in the compressed bytes; closed when this stream is closed
     * @throws IOException if the header is not a bzip2 header or cannot be read
     */
    public Bzip2InputStream(InputStream in) throws IOException {
        this.in = Objects.requireNonNull(in, "in");
        if (!readStreamHeader(true)) throw new ZipException("bzip2: empty input");
    }

    @Override
    public int read() throws IOException {
        while (true) {
            if (pendingRepeats > 0) {
                pendingRepeats--;
                return emit(lastByte);
            }
            if (!inBlock && !nextBlock()) return -1;
            if (remaining == 0) {
                endBlock();
                continue;
            }
            int v = tt[tPos];
            int b = v & 0xff;
            tPos = v >>> 8;
            remaining--;
            // RLE1: after four equal bytes the next byte is a count of further repeats (0..255).
            if (runLength == 4) {
                pendingRepeats = b;
                runLength = 0;
                continue;
            }
            if (b == lastByte) runLength++;
            else {
                lastByte = b;
                runLength = 1;
            }
            return emit(b);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        int n = 0;
        while (n < len) {
            int c = read();
            if (c < 0) break;
            b[off + n++] = (byte) c;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int emit(int b) {
        blockCrc = Crc32Msb.update(blockCrc, b);
        return b;
    }

    // ------------------------------------------------------------------ stream and block framing

    /** Reads "BZh" + level; {@code false} at a clean end of input (or trailing non-bzip2 bytes after a stream). */
    private boolean readStreamHeader(boolean first) throws IOException {
        int b = alignedByte();
        if (b < 0) return false;
        int z = alignedByte(), h = alignedByte(), level = alignedByte();
        if (b != 'B' || z != 'Z' || h != 'h') {
            if (first) throw new ZipException("bzip2: not a bzip2 stream (no 'BZh' header)");
            return false; // trailing garbage after a complete stream: ignored, like Python's bz2
        }
        if (level < '1' || level > '9')
            throw new ZipException("bzip2: invalid block size '" + (level < 0 ? "EOF" : String.valueOf((char) level)) + "' in stream header");
        blockSize100k = level - '0';
        streamCrc = 0;
        return true;
    }

    /** Decodes the next block into {@link #tt}; {@code false} when the input is finished. */
    private boolean nextBlock() throws IOException {
        while (true) {
            if (finished) return false;
            long magic = bits(48);
            if (magic == END_MAGIC) {
                int stored = (int) bits(32);
                if (stored != streamCrc)
                    throw new ZipException(String.format("bzip2: stream CRC mismatch (stored 0x%08x, computed 0x%08x)", stored, streamCrc));
                bitCount -= bitCount % 8; // streams are padded to a byte boundary
                if (!readStreamHeader(false)) {
                    finished = true;
                    return false;
                }
                continue;
            }
            blockNumber++;
            if (magic != BLOCK_MAGIC)
                throw new ZipException(String.format("bzip2 block %d: bad block magic 0x%012x", blockNumber, magic));
            storedBlockCrc = (int) bits(32);
            if (bits(1) != 0)
                throw new ZipException("bzip2 block " + blockNumber + ": randomised block (obsolete bzip2 0.9.0 format) is not supported");
            int origPtr = (int) bits(24);
            int n = decodeBlock();
            if (origPtr >= n)
                throw new ZipException("bzip2 block " + blockNumber + ": origin pointer " + origPtr + " outside the block of " + n + " bytes");
            tPos = tt[origPtr] >>> 8;
            remaining = n;
            lastByte = -1;
            runLength = 0;
            pendingRepeats = 0;
            blockCrc = Crc32Msb.INIT;
            inBlock = true;
            return true;
        }
    }

    private void endBlock() throws IOException {
        int computed = Crc32Msb.finish(blockCrc);
        if (computed != storedBlockCrc)
            throw new ZipException(String.format("bzip2 block %d: CRC mismatch (stored 0x%08x, computed 0x%08x)",
                    blockNumber, storedBlockCrc, computed));
        streamCrc = (streamCrc << 1 | streamCrc >>> 31) ^ computed;
        inBlock = false;
    }

    // ------------------------------------------------------------------ block decoding

    /** Reads the tables and Huffman-coded MTF/RLE2 symbols, then builds the inverse BWT links; returns the size. */
    private int decodeBlock() throws IOException {
        int[] seqToUnseq = readSymbolMap();
        int inUse = seqToUnseq.length;
        int alphaSize = inUse + 2; // RUNA, RUNB, MTF positions 1..inUse-1, end of block
        int nGroups = (int) bits(3);
        if (nGroups < MIN_GROUPS || nGroups > MAX_GROUPS)
            throw error("number of Huffman tables " + nGroups + " is not in 2..6");
        int[] selectors = readSelectors(nGroups);
        Huffman[] tables = new Huffman[nGroups];
        for (int t = 0; t < nGroups; t++) tables[t] = new Huffman(readCodeLengths(alphaSize), t);

        int limit = blockSize100k * 100_000;
        if (tt.length < limit) tt = new int[limit];
        int[] counts = new int[256];
        int[] mtf = new int[inUse];
        for (int i = 0; i < inUse; i++) mtf[i] = i;
        int eob = inUse + 1;
        int n = 0, group = -1, left = 0, run = 0, runWeight = 1;
        while (true) {
            if (left == 0) {
                if (++group >= selectors.length) throw error("more symbols than selectors");
                left = GROUP_SIZE;
            }
            left--;
            int sym = tables[selectors[group]].decode();
            if (sym == RUNA || sym == RUNB) {
                // Bijective base-2 run length: RUNA adds 1x, RUNB 2x the current weight.
                run += (sym + 1) * runWeight;
                runWeight <<= 1;
                if (run > limit) throw error("run length exceeds the block size");
                continue;
            }
            if (run > 0) {
                n = appendRun(seqToUnseq[mtf[0]], run, n, limit, counts);
                run = 0;
                runWeight = 1;
            }
            if (sym == eob) break;
            int k = sym - 1; // move-to-front: position k to the front
            int v = mtf[k];
            System.arraycopy(mtf, 0, mtf, 1, k);
            mtf[0] = v;
            n = appendRun(seqToUnseq[v], 1, n, limit, counts);
        }
        // Inverse BWT: link each position of the sorted first column to the next one of the original text.
        int[] start = new int[256];
        for (int c = 0, sum = 0; c < 256; c++) {
            start[c] = sum;
            sum += counts[c];
        }
        for (int i = 0; i < n; i++) tt[start[tt[i] & 0xff]++] |= i << 8;
        return n;
    }

    private int appendRun(int value, int count, int n, int limit, int[] counts) throws IOException {
        if (n + count > limit) throw error("block holds more than " + limit + " bytes");
        for (int i = 0; i < count; i++) tt[n++] = value;
        counts[value] += count;
        return n;
    }

    /** The 16 x 16 bitmap of byte values used in the block, as the list of those values in order. */
    private int[] readSymbolMap() throws IOException {
        int groups = (int) bits(16);
        int[] used = new int[256];
        int inUse = 0;
        for (int g = 0; g < 16; g++) {
            if ((groups & (0x8000 >>> g)) == 0) continue;
            int bitsInGroup = (int) bits(16);
            for (int j = 0; j < 16; j++)
                if ((bitsInGroup & (0x8000 >>> j)) != 0) used[inUse++] = g * 16 + j;
        }
        if (inUse == 0) throw error("no byte values in use");
        return java.util.Arrays.copyOf(used, inUse);
    }

    /** Which table codes each group of 50 symbols: unary MTF indices, then undone move-to-front. */
    private int[] readSelectors(int nGroups) throws IOException {
        int nSelectors = (int) bits(15);
        if (nSelectors < 1) throw error("no selectors");
        int[] order = new int[nGroups];
        for (int i = 0; i < nGroups; i++) order[i] = i;
        int[] sel = new int[Math.min(nSelectors, MAX_SELECTORS)];
        for (int i = 0; i < nSelectors; i++) {
            int j = 0;
            while (bits(1) == 1)
                if (++j >= nGroups) throw error("selector " + i + " names table " + j + " of " + nGroups);
            int v = order[j];
            System.arraycopy(order, 0, order, 1, j);
            order[0] = v;
            if (i < sel.length) sel[i] = v;
        }
        return sel;
    }

    /** Code lengths: a 5-bit start, then per symbol a delta code (0 = done, 10 = +1, 11 = -1). */
    private int[] readCodeLengths(int alphaSize) throws IOException {
        int[] len = new int[alphaSize];
        int cur = (int) bits(5);
        for (int s = 0; s < alphaSize; s++) {
            while (true) {
                if (cur < 1 || cur > MAX_CODE_LENGTH) throw error("Huffman code length " + cur + " is not in 1..20");
                if (bits(1) == 0) break;
                cur += bits(1) == 0 ? 1 : -1;
            }
            len[s] = cur;
        }
        return len;
    }

    /** A canonical Huffman decoder: codes of each length are consecutive, in symbol order. */
    private final class Huffman {
        private final int[] count = new int[MAX_CODE_LENGTH + 1];
        private final int[] symbols;

        Huffman(int[] lengths, int table) throws IOException {
            symbols = new int[lengths.length];
            for (int l : lengths) count[l]++;
            int[] offset = new int[MAX_CODE_LENGTH + 2];
            for (int l = 1; l <= MAX_CODE_LENGTH; l++) offset[l + 1] = offset[l] + count[l];
            for (int s = 0; s < lengths.length; s++) symbols[offset[lengths[s]]++] = s;
            // An over-subscribed table would decode some bit patterns ambiguously.
            long space = 1;
            for (int l = 1; l <= MAX_CODE_LENGTH; l++) {
                space = (space << 1) - count[l];
                if (space < 0) throw error("Huffman table " + table + " is over-subscribed");
            }
        }

        int decode() throws IOException {
            int code = 0, first = 0, index = 0;
            for (int l = 1; l <= MAX_CODE_LENGTH; l++) {
                code |= (int) bits(1);
                int c = count[l];
                if (code - first < c) return symbols[index + code - first];
                index += c;
                first = (first + c) << 1;
                code <<= 1;
            }
            throw error("invalid Huffman code");
        }
    }

    private ZipException error(String what) {
        return new ZipException("bzip2 block " + blockNumber + ": " + what);
    }

    // ------------------------------------------------------------------ bits

    /** The next {@code n} (at most 48) bits, most significant first. */
    private long bits(int n) throws IOException {
        while (bitCount < n) {
            int b = nextByte();
            if (b < 0)
                throw new EOFException("bzip2: unexpected end of file" + (blockNumber > 0 ? " in block " + blockNumber : ""));
            bitBuf = bitBuf << 8 | b;
            bitCount += 8;
        }
        bitCount -= n;
        return bitBuf >>> bitCount & ((1L << n) - 1);
    }

    /** The next whole byte at a byte boundary (bits already buffered first), or -1 at the end of input. */
    private int alignedByte() throws IOException {
        return bitCount >= 8 ? (int) bits(8) : nextByte();
    }

    private int nextByte() throws IOException {
        if (inPos == inLen) {
            inLen = in.read(inBuf, 0, inBuf.length);
            inPos = 0;
            if (inLen <= 0) {
                inLen = 0;
                return -1;
            }
        }
        return inBuf[inPos++] & 0xff;
    }

    /** CRC-32 as bzip2 computes it: polynomial 0x04c11db7, most significant bit first (unlike java.util.zip.CRC32). */
    static final class Crc32Msb {
        static final int INIT = 0xffffffff;
        private static final int[] TABLE = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int c = i << 24;
                for (int k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? c << 1 ^ 0x04c11db7 : c << 1;
                TABLE[i] = c;
            }
        }

        private Crc32Msb() {}

        static int update(int crc, int b) {
            return crc << 8 ^ TABLE[(crc >>> 24 ^ b) & 0xff];
        }

        static int finish(int crc) {
            return ~crc;
        }
    }
}
