// Expected: CWE-501 (trust boundary violation), safe. The requested language and theme are mapped through a switch and an enum to constant values before being stored in the session; anything else falls back to a default.
package com.example.preferences;

import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class LocalePreferenceController {

    public record PreferenceChange(String language, String theme) {}

    enum Theme { LIGHT, DARK, HIGH_CONTRAST }

    @PutMapping("/api/preferences")
    public ResponseEntity<Void> update(@RequestBody PreferenceChange change, HttpSession session) {
        String tag = switch (String.valueOf(change.language()).toLowerCase(Locale.ROOT)) {
            case "de", "de-de" -> "de-DE";
            case "fr", "fr-fr" -> "fr-FR";
            default -> "en-US";
        };
        Theme theme = Theme.LIGHT;
        for (Theme t : Theme.values()) {
            if (t.name().equalsIgnoreCase(change.theme())) {
                theme = t;
            }
        }
        session.setAttribute("ui.locale", tag);
        session.setAttribute("ui.theme", theme);
        return ResponseEntity.noContent().build();
    }
}
