// Expected: CWE-22 (path traversal), safe. The requested path is resolved and normalised, then rejected unless it still starts with the absolute, normalised export root.
package com.example.exports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.commons.lang3.StringUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/exports")
public class ExportFileController {
    private final Path root;

    public ExportFileController(@Value("${exports.root}") String root) {
        this.root = Paths.get(root).toAbsolutePath().normalize();
    }

    @GetMapping("/{*relative}")
    public ResponseEntity<Resource> fetch(@PathVariable String relative) {
        Path candidate = root.resolve(StringUtils.removeStart(relative, "/")).normalize();
        if (!candidate.startsWith(root)) {
            return ResponseEntity.badRequest().build();
        }
        if (!Files.isRegularFile(candidate)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(new FileSystemResource(candidate));
    }
}
