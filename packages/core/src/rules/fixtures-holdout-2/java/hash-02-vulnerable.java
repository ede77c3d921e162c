// Expected: CWE-328 (weak hash), vulnerable. Login passwords are checked against a salted SHA-1 digest computed with commons-codec DigestUtils, a fast hash unsuitable for password storage.
package com.example.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
public class PasswordLoginController {
    private final JdbcTemplate jdbc;

    public PasswordLoginController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Credentials(String username, String password) {}

    record StoredUser(String salt, String hash) {}

    @PostMapping("/login")
    public ResponseEntity<Void> login(@RequestBody Credentials creds) {
        boolean ok = findUser(creds.username())
                .map(user -> matches(user, creds.password()))
                .orElse(false);
        return ok ? ResponseEntity.noContent().build() : ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
    }

    private Optional<StoredUser> findUser(String username) {
        return jdbc.query("SELECT salt, pw_hash FROM users WHERE username = ?",
                        (rs, n) -> new StoredUser(rs.getString(1), rs.getString(2)), username)
                .stream()
                .findFirst();
    }

    private static boolean matches(StoredUser user, String candidate) {
        String computed = DigestUtils.sha1Hex(user.salt() + candidate);
        return MessageDigest.isEqual(
                computed.getBytes(StandardCharsets.US_ASCII), user.hash().getBytes(StandardCharsets.US_ASCII));
    }
}
