// Expected: CWE-328 (weak hash), safe. Guava's MD5 is used only to derive an HTTP ETag for the public, non-secret product catalogue JSON (a cache validator, not a password or integrity check), so collision resistance is irrelevant.
package com.example.catalog;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CatalogFeedController {
    private final CatalogRenderer renderer;

    public CatalogFeedController(CatalogRenderer renderer) {
        this.renderer = renderer;
    }

    public interface CatalogRenderer {
        String renderJson(int categoryId);
    }

    @GetMapping(value = "/public/catalog/{categoryId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> feed(
            @PathVariable int categoryId,
            @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch) {
        String body = renderer.renderJson(categoryId);
        @SuppressWarnings("deprecation")
        String etag = "\"" + Hashing.md5().hashString(body, StandardCharsets.UTF_8) + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
                .body(body);
    }
}
