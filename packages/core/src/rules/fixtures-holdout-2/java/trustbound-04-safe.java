// Expected: CWE-501 (trust boundary violation), safe. The theme parameter is only used as a lookup key; what goes into the session is a constant value from a fixed allowlist map (unknown input falls back to the default).
package com.example.ui;

import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpSession;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DisplayPreferencesController {
    private static final String DEFAULT_THEME = "theme-light";
    private static final Map<String, String> THEMES = Map.of(
            "light", "theme-light",
            "dark", "theme-dark",
            "contrast", "theme-high-contrast");

    @PostMapping("/preferences/theme")
    public ResponseEntity<String> setTheme(@RequestParam("theme") String requested, HttpSession session) {
        String cssClass = Optional.ofNullable(requested)
                .map(String::toLowerCase)
                .map(THEMES::get)
                .orElse(DEFAULT_THEME);
        session.setAttribute("ui.theme", cssClass);
        return ResponseEntity.ok(cssClass);
    }
}
