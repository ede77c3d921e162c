// Expected: CWE-330 (weak randomness), safe. The password-reset token is 32 bytes from SecureRandom, URL-safe Base64 encoded, so it is unpredictable.
package com.example.accounts;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PasswordResetController {
    private final SecureRandom random = new SecureRandom();
    private final JdbcTemplate jdbc;
    private final Mailer mailer;

    public PasswordResetController(JdbcTemplate jdbc, Mailer mailer) {
        this.jdbc = jdbc;
        this.mailer = mailer;
    }

    public interface Mailer {
        void sendResetLink(String email, String token);
    }

    @PostMapping("/account/password-reset")
    public ResponseEntity<Void> requestReset(@RequestParam("email") String email) {
        String token = newToken();
        int rows = jdbc.update(
                "UPDATE users SET reset_token = ?, reset_expires = ? WHERE email = ?",
                token, java.sql.Timestamp.from(Instant.now().plus(30, ChronoUnit.MINUTES)), email);
        if (rows == 1) {
            mailer.sendResetLink(email, token);
        }
        return ResponseEntity.accepted().build();
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
