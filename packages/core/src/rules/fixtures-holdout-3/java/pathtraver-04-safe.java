// Expected: CWE-22 (path traversal), safe. The upload is written under a server-generated UUID file name; the client's original filename is only stored as metadata and logged.
package com.example.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class AttachmentUploadController {
    private static final Logger log = LoggerFactory.getLogger(AttachmentUploadController.class);

    private final Path storageDir;
    private final AttachmentRepository repository;

    public AttachmentUploadController(@Value("${attachments.dir}") String dir, AttachmentRepository repository) {
        this.storageDir = Path.of(dir);
        this.repository = repository;
    }

    @PostMapping(path = "/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<Map<String, String>> upload(@RequestParam("file") MultipartFile file) throws IOException {
        String original = Optional.ofNullable(file.getOriginalFilename()).orElse("unnamed");
        UUID id = UUID.randomUUID();
        Path target = storageDir.resolve(id + ".bin");
        try (InputStream in = file.getInputStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        repository.insert(id, original, file.getSize());
        log.info("stored attachment {} ({} bytes), client name '{}'", id, file.getSize(), original);
        return ResponseEntity.status(201).body(Map.of("id", id.toString()));
    }

    public interface AttachmentRepository {
        void insert(UUID id, String originalName, long size);
    }
}
