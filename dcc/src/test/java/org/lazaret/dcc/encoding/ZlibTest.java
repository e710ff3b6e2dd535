package org.lazaret.dcc.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The zlib layer: round trip, and the bounded, strict inflation that protects the verifier. */
class ZlibTest {

    @Test
    void inflateInvertsDeflate() throws DecodeException {
        byte[] data = "a DCC payload ".repeat(50).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Zlib.inflate(Zlib.deflate(data))).isEqualTo(data);
    }

    @Test
    void refusesToInflateAZipBombBeyondTheLimit() {
        byte[] bomb = Zlib.deflate(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(20_000);
        assertThatThrownBy(() -> Zlib.inflate(bomb)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("beyond " + Zlib.INFLATED_BYTES_MAX);
    }

    @Test
    void acceptsExactlyTheLimit() throws DecodeException {
        assertThat(Zlib.inflate(Zlib.deflate(new byte[Zlib.INFLATED_BYTES_MAX]))).hasSize(Zlib.INFLATED_BYTES_MAX);
    }

    @Test
    void rejectsDataWithoutAZlibHeader() {
        assertThatThrownBy(() -> Zlib.inflate(new byte[] {(byte) 0xd2, (byte) 0x84, 0x43})).hasMessageContaining("header");
        assertThatThrownBy(() -> Zlib.inflate(new byte[0])).hasMessageContaining("header");
    }

    @Test
    void rejectsATruncatedStream() {
        byte[] full = Zlib.deflate(new byte[3000]);
        assertThatThrownBy(() -> Zlib.inflate(Arrays.copyOf(full, full.length - 6))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsBytesAfterTheEndOfTheStream() {
        byte[] full = Zlib.deflate(new byte[30]);
        byte[] extended = Arrays.copyOf(full, full.length + 2);
        assertThatThrownBy(() -> Zlib.inflate(extended)).hasMessageContaining("2 bytes after the end");
    }

    @Test
    void rejectsACorruptStream() {
        byte[] corrupt = {0x78, (byte) 0xda, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00};
        assertThatThrownBy(() -> Zlib.inflate(corrupt)).isInstanceOf(DecodeException.class);
    }
}
