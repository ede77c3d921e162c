// Expected: CWE-328 (weak hash), vulnerable. SHA-1 chosen via a local variable for an API-key fingerprint.
package com.example.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

public class ApiKeyFingerprint {

    public static String of(String apiKey) throws Exception {
        String algorithm = "SHA-1";
        MessageDigest sha = MessageDigest.getInstance(algorithm);
        sha.update("xcr-api:".getBytes(StandardCharsets.UTF_8));
        sha.update(apiKey.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }
}
