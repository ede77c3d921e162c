// Expected: CWE-614 (cookie without Secure flag), safe. Cookie built through a small factory helper that always sets Secure.
package com.example.web;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ConsentController {

    @PostMapping("/consent")
    public void accept(HttpServletResponse response) {
        response.addCookie(secureCookie("consent", "all"));
    }

    private static Cookie secureCookie(String name, String value) {
        Cookie cookie = new Cookie(name, value);
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        return cookie;
    }
}
