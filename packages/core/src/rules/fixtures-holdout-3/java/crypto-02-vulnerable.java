// Expected: CWE-327 (broken or risky cryptographic algorithm), vulnerable. The transformation assembled from constants is AES/ECB/PKCS5Padding, so equal national-id values encrypt to equal ciphertext blocks.
package com.example.export;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

public final class ExportFieldCrypto {
    private static final String ALGORITHM = "AES";
    private static final String MODE = "ECB";
    private static final String PADDING = "PKCS5Padding";
    private static final String TRANSFORMATION = ALGORITHM + "/" + MODE + "/" + PADDING;

    private ExportFieldCrypto() {}

    public static SecretKey newExportKey() throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance(ALGORITHM);
        generator.init(256);
        return generator.generateKey();
    }

    public static List<String> encryptNationalIds(List<String> nationalIds, SecretKey key)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key);
        HexFormat hex = HexFormat.of();
        return nationalIds.stream()
                .map(id -> {
                    try {
                        return hex.formatHex(cipher.doFinal(id.getBytes(StandardCharsets.UTF_8)));
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("export encryption failed", e);
                    }
                })
                .collect(Collectors.toList());
    }
}
