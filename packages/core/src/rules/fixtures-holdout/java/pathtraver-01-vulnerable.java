// Expected: CWE-22 (path traversal), vulnerable. The report name is resolved and normalised under the root, but the result is never checked to stay inside it.
package com.example.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ReportDownloadController {
    private final Path reportsRoot = Paths.get("/srv/reports").toAbsolutePath().normalize();

    @GetMapping("/tenants/{tenant}/reports")
    public ResponseEntity<InputStreamResource> download(@PathVariable String tenant, @RequestParam String name)
            throws IOException {
        Path target = reportsRoot.resolve(tenant).resolve(name).normalize();
        if (!Files.isRegularFile(target)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + target.getFileName() + "\"")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(Files.size(target))
                .body(new InputStreamResource(Files.newInputStream(target)));
    }
}
