// Expected: CWE-328 (weak hash), safe. The client picks the checksum algorithm, but only SHA-256 or SHA-512 via a map lookup; anything else is rejected.
package com.example.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class ChecksumController {
    private static final Map<String, String> ALGORITHMS = Map.of("sha256", "SHA-256", "sha512", "SHA-512");

    @PostMapping("/blobs/checksum")
    public ResponseEntity<String> checksum(
            @RequestParam("file") MultipartFile file,
            @RequestHeader(value = "X-Checksum-Algorithm", defaultValue = "sha256") String requested)
            throws IOException, NoSuchAlgorithmException {
        String algorithm = ALGORITHMS.get(requested.toLowerCase());
        if (algorithm == null) {
            return ResponseEntity.badRequest().body("supported: " + String.join(", ", ALGORITHMS.keySet()));
        }
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        try (InputStream in = new DigestInputStream(file.getInputStream(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return ResponseEntity.ok(requested.toLowerCase() + ":" + HexFormat.of().formatHex(digest.digest()));
    }
}
