// Expected: CWE-22 (path traversal), safe. The id is parsed with UUID.fromString, so the file name is always hex digits and dashes plus a fixed extension.
package com.example.invoices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class InvoicePdfController {
    private static final Path INVOICE_DIR = Paths.get("/var/lib/billing/invoices");

    @GetMapping("/invoices/{invoiceId}.pdf")
    public ResponseEntity<byte[]> pdf(@PathVariable String invoiceId) throws IOException {
        UUID id;
        try {
            id = UUID.fromString(invoiceId);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().build();
        }
        Path file = INVOICE_DIR.resolve(id.toString() + ".pdf");
        if (Files.notExists(file)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(Files.readAllBytes(file));
    }
}
