// Expected: CWE-327 (broken or risky crypto algorithm), vulnerable. Customer IBANs from the request body are encrypted with single DES in ECB mode, a broken 56-bit cipher in a mode that leaks plaintext patterns.
package com.example.billing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.DESKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BankAccountController {
    private final SecretKey key;
    private final JdbcTemplate jdbc;

    public BankAccountController(@Value("${billing.account-key}") String keyMaterial, JdbcTemplate jdbc)
            throws GeneralSecurityException {
        DESKeySpec spec = new DESKeySpec(keyMaterial.getBytes(StandardCharsets.UTF_8));
        this.key = SecretKeyFactory.getInstance("DES").generateSecret(spec);
        this.jdbc = jdbc;
    }

    record BankAccount(long customerId, String iban) {}

    @PostMapping("/api/billing/accounts")
    public ResponseEntity<Void> save(@RequestBody BankAccount account) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("DES/ECB/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        byte[] sealed = cipher.doFinal(account.iban().getBytes(StandardCharsets.UTF_8));
        jdbc.update("UPDATE customers SET iban_enc = ? WHERE id = ?",
                Base64.getEncoder().encodeToString(sealed), account.customerId());
        return ResponseEntity.noContent().build();
    }
}
