// Expected: CWE-22 (path traversal), vulnerable. The invoice name parameter travels to a helper that opens new File(baseDir, name) without normalisation, so "../" sequences escape the invoice directory.
package com.example.billing;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class InvoiceDownloadController {
    private final InvoiceFiles files;

    public InvoiceDownloadController(InvoiceFiles files) {
        this.files = files;
    }

    @GetMapping("/invoices/download")
    public ResponseEntity<byte[]> download(@RequestParam("name") String name) throws IOException {
        byte[] data = files.read(name);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(data);
    }

    @Component
    public static class InvoiceFiles {
        private final File baseDir;

        public InvoiceFiles(@Value("${billing.invoice-dir}") String dir) {
            this.baseDir = new File(dir);
        }

        byte[] read(String name) throws IOException {
            File target = new File(baseDir, name);
            try (FileInputStream in = new FileInputStream(target)) {
                return in.readAllBytes();
            }
        }
    }
}
