// Expected: CWE-327 (broken or risky cryptographic algorithm), vulnerable. Card numbers are encrypted with single DES in ECB mode, a broken 56-bit cipher combined with a pattern-leaking mode.
package com.example.payments;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

@Service
public class CardVaultService {
    private static final String TRANSFORMATION = "DES/ECB/PKCS5Padding";

    private final SecretKeySpec key;
    private final CardRepository repository;

    public CardVaultService(@Value("${vault.key}") String base64Key, CardRepository repository) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Key), "DES");
        this.repository = repository;
    }

    public void store(long customerId, String pan) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key);
        byte[] encrypted = cipher.doFinal(pan.getBytes(StandardCharsets.UTF_8));
        repository.save(customerId, Base64.getEncoder().encodeToString(encrypted));
    }

    public String reveal(long customerId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key);
        byte[] plain = cipher.doFinal(Base64.getDecoder().decode(repository.find(customerId)));
        return new String(plain, StandardCharsets.UTF_8);
    }

    public interface CardRepository {
        void save(long customerId, String cipherText);

        String find(long customerId);
    }
}
