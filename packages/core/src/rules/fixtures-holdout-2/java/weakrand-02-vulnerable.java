// Expected: CWE-330 (weak randomness), vulnerable. Personal API keys are assembled in a stream lambda from a shared java.util.Random, a seedable linear congruential generator whose keys can be reconstructed.
package com.example.developer;

import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ApiKeyController {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Random RANDOM = new Random();
    private final JdbcTemplate jdbc;

    public ApiKeyController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostMapping("/api/developers/{devId}/keys")
    public ResponseEntity<String> issue(
            @PathVariable long devId, @RequestHeader(value = "X-Key-Label", defaultValue = "default") String label) {
        String key = "sk_live_" + randomToken(40);
        jdbc.update("INSERT INTO api_keys (developer_id, label, api_key) VALUES (?, ?, ?)", devId, label, key);
        return ResponseEntity.status(201).body(key);
    }

    private static String randomToken(int length) {
        return IntStream.range(0, length)
                .mapToObj(i -> String.valueOf(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()))))
                .collect(Collectors.joining());
    }
}
