// Expected: CWE-22 (path traversal), safe. The requested language picks a file from a fixed map; user text never becomes a path.
package com.example.i18n;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class TranslationsController {
    private static final Map<String, String> BUNDLES = Map.of(
            "en", "/opt/app/i18n/messages_en.json",
            "de", "/opt/app/i18n/messages_de.json",
            "fr", "/opt/app/i18n/messages_fr.json");

    @GetMapping("/i18n")
    public String bundle(@RequestParam(defaultValue = "en") String lang) throws IOException {
        String file = BUNDLES.getOrDefault(lang, "/opt/app/i18n/messages_en.json");
        return Files.readString(Paths.get(file));
    }
}
