// Expected: CWE-327 (broken or risky cryptographic algorithm), vulnerable. DES in ECB mode, algorithm name held in a field.
package com.example.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

public class LegacyTokenCipher {
    private static final String TRANSFORMATION = "DES/ECB/PKCS5Padding";
    private final SecretKey key;

    public LegacyTokenCipher(byte[] rawKey) {
        this.key = new SecretKeySpec(rawKey, "DES");
    }

    public String encrypt(String plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return Base64.getEncoder().encodeToString(cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
    }
}
