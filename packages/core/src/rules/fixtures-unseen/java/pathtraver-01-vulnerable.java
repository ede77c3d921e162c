// Expected: CWE-22 (path traversal), vulnerable. Spring path variable resolved against a base directory without normalisation checks.
package com.example.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AttachmentController {
    private final Path root = Paths.get("/srv/attachments");

    @GetMapping("/attachments/{name}")
    public byte[] download(@PathVariable("name") String name) throws IOException {
        Path file = root.resolve(name);
        return Files.readAllBytes(file);
    }
}
