// Expected: CWE-327 (broken or risky crypto algorithm), safe. Tax identifiers are encrypted with AES-256 in GCM mode using a fresh 12-byte SecureRandom IV per message, an approved authenticated cipher.
package com.example.hr;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class EmployeeTaxController {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    private final JdbcTemplate jdbc;

    public EmployeeTaxController(@Value("${hr.vault.key-b64}") String keyB64, JdbcTemplate jdbc) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(keyB64), "AES");
        this.jdbc = jdbc;
    }

    @PutMapping("/api/employees/{id}/tax-id")
    public ResponseEntity<Void> update(@PathVariable long id, @RequestParam("taxId") String taxId)
            throws GeneralSecurityException {
        jdbc.update("UPDATE employees SET tax_id_enc = ? WHERE id = ?", encrypt(taxId), id);
        return ResponseEntity.noContent().build();
    }

    private String encrypt(String plaintext) throws GeneralSecurityException {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] packed = ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
        return Base64.getEncoder().encodeToString(packed);
    }
}
