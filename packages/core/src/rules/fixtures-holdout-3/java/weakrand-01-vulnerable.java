// Expected: CWE-330 (insufficiently random values), vulnerable. Password-reset tokens are built from java.util.Random, whose 48-bit LCG state can be recovered from observed outputs.
package com.example.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.springframework.stereotype.Service;

@Service
public class PasswordResetService {
    private static final Duration VALIDITY = Duration.ofMinutes(30);

    private final Random random = new Random();
    private final ResetTokenRepository tokens;
    private final Mailer mailer;

    public PasswordResetService(ResetTokenRepository tokens, Mailer mailer) {
        this.tokens = tokens;
        this.mailer = mailer;
    }

    public void startReset(String email) {
        String token = newToken();
        tokens.save(email, token, Instant.now().plus(VALIDITY));
        mailer.send(email, "Reset your password",
                "Open https://app.example.com/reset?token=" + token + " within 30 minutes.");
    }

    private String newToken() {
        StringBuilder token = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            token.append(String.format("%016x", random.nextLong()));
        }
        return token.toString();
    }

    public interface ResetTokenRepository {
        void save(String email, String token, Instant expiresAt);
    }

    public interface Mailer {
        void send(String to, String subject, String body);
    }
}
