// Expected: CWE-614 (cookie without Secure flag), vulnerable. Spring controller explicitly sets Secure to false for a preferences cookie.
package com.example.web;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PreferencesController {

    @PostMapping("/prefs/theme")
    public void setTheme(@RequestParam String theme, HttpServletResponse response) {
        Cookie c = new Cookie("theme", "dark".equals(theme) ? "dark" : "light");
        c.setSecure(false);
        c.setMaxAge(31_536_000);
        response.addCookie(c);
    }
}
