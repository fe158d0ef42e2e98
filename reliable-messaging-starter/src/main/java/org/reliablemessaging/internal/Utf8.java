package org.reliablemessaging.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Strict UTF-8 decoding of bytes from the wire, which a lenient {@code new String(bytes, UTF_8)}
 * would silently turn into replacement characters.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** {@code bytes} as text, or {@code null} if they are not valid UTF-8. */
    public static @Nullable String decodeStrictly(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (CharacterCodingException ex) {
            return null;
        }
    }
}
