// Expected: CWE-501 (trust boundary violation), safe. The requested account id is only a lookup key; the session gets the id read back from the database for an account the signed-in user owns.
package com.example.banking;

import java.security.Principal;
import java.util.List;
import javax.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ActiveAccountController {
    private final JdbcTemplate jdbc;

    public ActiveAccountController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostMapping("/accounts/active")
    public ResponseEntity<Void> switchAccount(
            @RequestParam("accountId") String accountId, Principal principal, HttpSession session) {
        long requestedId;
        try {
            requestedId = Long.parseLong(accountId);
        } catch (NumberFormatException e) {
            return ResponseEntity.badRequest().build();
        }
        List<Long> owned = jdbc.queryForList(
                "SELECT id FROM accounts WHERE id = ? AND owner_username = ?", Long.class, requestedId, principal.getName());
        if (owned.isEmpty()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        session.setAttribute("activeAccountId", owned.get(0));
        return ResponseEntity.noContent().build();
    }
}
