// Expected: CWE-328 (weak hash), safe. Webhook signatures are checked with HMAC-SHA256 and a constant-time compare; legacy sha1= signatures are refused up front.
package com.example.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RepositoryWebhookController {
    private static final String PREFIX = "sha256=";
    private final byte[] secret;

    public RepositoryWebhookController(@Value("${webhook.secret}") String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping("/hooks/repository")
    public ResponseEntity<Void> receive(
            @RequestHeader("X-Hub-Signature-256") String signature, @RequestBody byte[] payload)
            throws GeneralSecurityException {
        if (!signature.startsWith(PREFIX)) {
            // "sha1=" signatures from old senders are not accepted
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        byte[] expected = sign(payload);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        return ResponseEntity.accepted().build();
    }

    private byte[] sign(byte[] payload) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(payload);
    }
}
