package io.peerage.audit;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A document compressed the way MariaDB's {@code COMPRESS()} does it (the uncompressed length in four bytes, low byte
 * first, then a zlib stream), so that {@code UNCOMPRESS(column)} reads it in SQL. Decision documents repeat the same
 * rule names and texts for every candidate and shrink several times.
 */
final class CompressedDocument {

    // Deflaters hold native memory; one per thread, reset between documents, instead of one per document.
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private static final int LENGTH_BYTES = 4;

    private CompressedDocument() {}

    /**
     * Compresses what is written to it as it comes, so that a document is never held whole before compression;
     * {@link #finish} gives the stored form.
     */
    static final class Output extends OutputStream {

        private final Deflater deflater = DEFLATERS.get();
        private byte[] buffer = new byte[4096];
        private int size = LENGTH_BYTES;
        private int length;

        Output() {
            deflater.reset();
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            length = Math.addExact(length, count);
            deflater.setInput(bytes, offset, count);
            // The caller may reuse its array once this returns: consume all of it now.
            while (!deflater.needsInput()) {
                deflateIntoBuffer();
            }
        }

        /** The compressed document, or nothing for an empty one (as COMPRESS('') gives). */
        byte[] finish() {
            if (length == 0) {
                return new byte[0];
            }
            deflater.finish();
            while (!deflater.finished()) {
                deflateIntoBuffer();
            }
            ByteBuffer.wrap(buffer, 0, LENGTH_BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(length);
            return Arrays.copyOf(buffer, size);
        }

        private void deflateIntoBuffer() {
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            size += deflater.deflate(buffer, size, buffer.length - size);
        }
    }

    static byte[] decompress(byte[] stored) {
        if (stored.length == 0) {
            return stored;
        }
        if (stored.length < 5) {
            throw new IllegalArgumentException("a compressed document has at least 5 bytes, this one " + stored.length);
        }
        int length =
                ByteBuffer.wrap(stored, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0x3FFFFFFF;
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(stored, 4, stored.length - 4);
        byte[] document = new byte[length];
        try {
            int read = 0;
            while (read < length && !inflater.finished()) {
                int n = inflater.inflate(document, read, length - read);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                read += n;
            }
            if (read != length) {
                throw new IllegalArgumentException(
                        "the compressed document holds " + read + " bytes, its header says " + length);
            }
            return document;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a compressed document: " + e.getMessage(), e);
        }
    }
}
