// Expected: CWE-330 (insufficiently random values), safe. API keys are 32 bytes from SecureRandom encoded as URL-safe Base64, and only their SHA-256 digest is persisted.
package com.example.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ApiKeyController {
    private static final SecureRandom RNG = new SecureRandom();

    private final ApiKeyRepository repository;

    public ApiKeyController(ApiKeyRepository repository) {
        this.repository = repository;
    }

    @PostMapping("/api/keys")
    public Map<String, String> create(Principal principal, @RequestParam String label) throws NoSuchAlgorithmException {
        byte[] raw = new byte[32];
        RNG.nextBytes(raw);
        String key = "ak_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        repository.save(principal.getName(), label, HexFormat.of().formatHex(digest));
        return Map.of("key", key, "label", label);
    }

    public interface ApiKeyRepository {
        void save(String owner, String label, String keyHash);
    }
}
