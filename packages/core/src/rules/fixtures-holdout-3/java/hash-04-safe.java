// Expected: CWE-328 (weak hash), safe. Uploaded firmware images are verified against a SHA-256 digest computed with commons-codec DigestUtils and compared in constant time.
package com.example.firmware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class FirmwareUploadController {
    private final FirmwareStore store;

    public FirmwareUploadController(FirmwareStore store) {
        this.store = store;
    }

    @PostMapping(path = "/devices/{model}/firmware", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<String> upload(@PathVariable String model,
            @RequestHeader("X-Content-SHA256") String claimedDigest,
            @RequestParam("image") MultipartFile image) throws IOException {
        byte[] data = image.getBytes();
        String actual = DigestUtils.sha256Hex(data);
        String claimed = claimedDigest.trim().toLowerCase(Locale.ROOT);
        boolean matches = MessageDigest.isEqual(
                actual.getBytes(StandardCharsets.US_ASCII), claimed.getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            return ResponseEntity.unprocessableEntity().body("digest mismatch");
        }
        return ResponseEntity.ok(store.save(model, data, actual));
    }

    public interface FirmwareStore {
        String save(String model, byte[] image, String sha256);
    }
}
