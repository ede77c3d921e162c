// Expected: CWE-330 (insufficiently random values), safe. Invite tokens come from UUID.randomUUID (SecureRandom-backed); ThreadLocalRandom only picks which help tip to display.
package com.example.invites;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

@Service
public class InviteService {
    private static final List<String> TIPS = List.of(
            "You can invite up to ten people per day.",
            "Invites expire after seven days.",
            "Admins can revoke an invite from the members page.");

    private final JdbcTemplate jdbc;

    public InviteService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String createInvite(long teamId, String email) {
        String token = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO invites(team_id, email, token) VALUES (?, ?, ?)", teamId, email, token);
        return token;
    }

    public String tipOfTheDay() {
        return TIPS.get(ThreadLocalRandom.current().nextInt(TIPS.size()));
    }
}
