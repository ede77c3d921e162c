// Expected: CWE-330 (insufficiently random values), vulnerable. Six-digit login OTPs come from a java.util.Random seeded with the current time.
package com.example.otp;

import java.time.Instant;
import java.util.Random;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

@Service
public class OneTimeCodeService {
    private final Random generator = new Random(System.currentTimeMillis());
    private final JdbcTemplate jdbc;

    public OneTimeCodeService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String issue(long userId) {
        String code = String.format("%06d", generator.nextInt(1_000_000));
        jdbc.update(
                "INSERT INTO login_codes(user_id, code, expires_at) VALUES (?, ?, ?)",
                userId, code, java.sql.Timestamp.from(Instant.now().plusSeconds(300)));
        return code;
    }
}
