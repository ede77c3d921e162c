// Expected: CWE-327 (broken or risky cryptographic algorithm), safe. AES-GCM with a random 12-byte IV.
package com.example.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

public class DocumentEncryptor {
    private static final String ALGORITHM = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    public DocumentEncryptor(SecretKey key) {
        this.key = key;
    }

    public byte[] seal(String document) throws Exception {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(ALGORITHM);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        byte[] body = cipher.doFinal(document.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(iv.length + body.length).put(iv).put(body).array();
    }
}
