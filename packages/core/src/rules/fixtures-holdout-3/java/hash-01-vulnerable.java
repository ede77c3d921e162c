// Expected: CWE-328 (weak hash), vulnerable. Account passwords from the signup body are stored as an unsalted MD5 hex digest, which is fast and trivially cracked.
package com.example.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/accounts")
public class RegistrationController {

    public record SignupForm(String email, String password, String displayName) {}

    private final AccountService accounts;

    public RegistrationController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping
    public ResponseEntity<Void> register(@RequestBody SignupForm form) {
        accounts.register(form.email(), form.password(), form.displayName());
        return ResponseEntity.status(201).build();
    }

    @Service
    public static class AccountService {
        private final JdbcTemplate jdbc;

        public AccountService(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void register(String email, String password, String displayName) {
            jdbc.update("INSERT INTO accounts(email, display_name, password_hash) VALUES (?, ?, ?)",
                    email, displayName, digest(password));
        }

        private static String digest(String password) {
            try {
                MessageDigest md = MessageDigest.getInstance("MD5");
                return HexFormat.of().formatHex(md.digest(password.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
