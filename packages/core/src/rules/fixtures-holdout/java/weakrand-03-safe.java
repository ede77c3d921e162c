// Expected: CWE-330 (insufficiently random values), safe. API keys are 160 bits from a SecureRandom field, rendered with BigInteger in base 32.
package com.example.apikeys;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ApiKeyController {
    private static final int KEY_BITS = 160;
    private final SecureRandom secureRandom = new SecureRandom();
    private final JdbcTemplate jdbc;

    public ApiKeyController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostMapping("/projects/api-keys")
    public ResponseEntity<String> create(@RequestParam long projectId) {
        String key = "pk_" + new BigInteger(KEY_BITS, secureRandom).toString(32);
        jdbc.update("INSERT INTO api_keys(project_id, key_hash) VALUES (?, encode(digest(?, 'sha256'), 'hex'))", projectId, key);
        return ResponseEntity.status(HttpStatus.CREATED).body(key);
    }
}
