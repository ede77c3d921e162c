// Expected: CWE-327 (broken or risky cryptographic algorithm), vulnerable. Stored card tokens are encrypted with single DES in ECB mode, the transformation assembled from constants.
package com.example.payments;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

@Service
public class CardTokenVault {
    private static final String CIPHER = "DES";
    private static final String MODE = "ECB";
    private static final String PADDING = "PKCS5Padding";

    private final SecretKey key;

    public CardTokenVault(@Value("${vault.key}") String base64Key) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Key), CIPHER);
    }

    public String seal(String panToken) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation());
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return Base64.getEncoder().encodeToString(cipher.doFinal(panToken.getBytes(StandardCharsets.UTF_8)));
    }

    public String open(String sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation());
        cipher.init(Cipher.DECRYPT_MODE, key);
        return new String(cipher.doFinal(Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8);
    }

    private static String transformation() {
        return new StringBuilder(CIPHER).append('/').append(MODE).append('/').append(PADDING).toString();
    }
}
