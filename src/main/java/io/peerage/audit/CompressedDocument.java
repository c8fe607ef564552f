package io.peerage.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    private CompressedDocument() {}

    static byte[] compress(byte[] document) {
        if (document.length == 0) {
            return document;
        }
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(document);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + document.length / 4);
        byte[] length = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(document.length)
                .array();
        out.writeBytes(length);
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
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
