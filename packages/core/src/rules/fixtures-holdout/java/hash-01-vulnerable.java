// Expected: CWE-328 (weak hash), vulnerable. Member passwords are stored as unsalted MD5 hex via Spring's DigestUtils.
package com.example.members;

import java.nio.charset.StandardCharsets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.util.DigestUtils;

@Service
public class MemberPasswordService {
    private final JdbcTemplate jdbc;

    public MemberPasswordService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void changePassword(long memberId, String newPassword) {
        String stored = DigestUtils.md5DigestAsHex(newPassword.getBytes(StandardCharsets.UTF_8));
        jdbc.update("UPDATE members SET password_hash = ? WHERE id = ?", stored, memberId);
    }

    public boolean matches(long memberId, String candidate) {
        String stored = jdbc.queryForObject("SELECT password_hash FROM members WHERE id = ?", String.class, memberId);
        return stored != null
                && stored.equals(DigestUtils.md5DigestAsHex(candidate.getBytes(StandardCharsets.UTF_8)));
    }
}
