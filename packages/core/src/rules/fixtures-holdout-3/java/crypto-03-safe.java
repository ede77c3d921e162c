// Expected: CWE-327 (broken or risky cryptographic algorithm), safe. Tokens are sealed with AES-256 in GCM mode using a fresh 96-bit IV from SecureRandom and a 128-bit authentication tag.
package com.example.tokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class TokenSealer {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public TokenSealer(@Value("${tokens.aes-key}") String base64Key) {
        byte[] raw = Base64.getDecoder().decode(base64Key);
        if (raw.length != 32) {
            throw new IllegalStateException("AES-256 key required");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String seal(String payload) throws GeneralSecurityException {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        byte[] body = cipher.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.allocate(iv.length + body.length).put(iv).put(body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    public String open(String token) throws GeneralSecurityException {
        byte[] all = Base64.getUrlDecoder().decode(token);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_LENGTH));
        byte[] plain = cipher.doFinal(all, IV_LENGTH, all.length - IV_LENGTH);
        return new String(plain, StandardCharsets.UTF_8);
    }
}
