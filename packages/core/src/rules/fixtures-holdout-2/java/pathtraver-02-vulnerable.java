// Expected: CWE-22 (path traversal), vulnerable. The client-controlled multipart file name is resolved against the upload directory without normalisation or containment checks, so "../../webapps/ROOT/shell.jsp" writes outside it.
package com.example.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class AttachmentUploadController {
    private final Path uploadRoot;

    public AttachmentUploadController(@Value("${uploads.root:/srv/uploads}") String root) {
        this.uploadRoot = Paths.get(root);
    }

    @PostMapping("/api/tickets/{ticketId}/attachments")
    public ResponseEntity<String> upload(@PathVariable long ticketId, @RequestParam("file") MultipartFile file)
            throws IOException {
        Path ticketDir = uploadRoot.resolve(Long.toString(ticketId));
        Files.createDirectories(ticketDir);
        Path target = ticketDir.resolve(file.getOriginalFilename());
        try (InputStream in = file.getInputStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return ResponseEntity.ok("stored " + Files.size(target) + " bytes");
    }
}
