// Expected: CWE-328 (weak hash), safe. Password hashing with PBKDF2-HMAC-SHA256, random salt and a high iteration count.
package com.example.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

public class PasswordHasher {
    private static final int ITERATIONS = 310_000;
    private final SecureRandom rng = new SecureRandom();

    public String hash(char[] password) throws Exception {
        byte[] salt = new byte[16];
        rng.nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
        byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        spec.clearPassword();
        Base64.Encoder b64 = Base64.getEncoder();
        return ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(derived);
    }
}
