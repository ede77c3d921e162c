// Expected: CWE-22 (path traversal), safe. The stored file name is a server-generated UUID plus an extension taken from a fixed allowlist; the client-supplied original name is only logged and never used in a path.
package com.example.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class AvatarUploadController {
    private static final Logger log = LoggerFactory.getLogger(AvatarUploadController.class);
    private static final Map<String, String> EXTENSIONS = Map.of(
            "image/png", ".png",
            "image/jpeg", ".jpg",
            "image/webp", ".webp");
    private final Path avatarDir = Paths.get("/srv/uploads/avatars");

    @PostMapping("/api/profile/avatar")
    public ResponseEntity<String> upload(@RequestParam("avatar") MultipartFile avatar) throws IOException {
        String contentType = avatar.getContentType() == null ? "" : avatar.getContentType().toLowerCase(Locale.ROOT);
        String ext = EXTENSIONS.get(contentType);
        if (ext == null) {
            return ResponseEntity.badRequest().body("unsupported image type");
        }
        String storedName = UUID.randomUUID() + ext;
        Path target = avatarDir.resolve(storedName);
        try (InputStream in = avatar.getInputStream()) {
            Files.copy(in, target);
        }
        log.info("avatar upload original={} stored={}", avatar.getOriginalFilename(), storedName);
        return ResponseEntity.ok(storedName);
    }
}
