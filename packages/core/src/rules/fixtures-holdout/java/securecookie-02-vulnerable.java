// Expected: CWE-614 (cookie without Secure flag), vulnerable. Access and refresh tokens are set as cookies in a forEach that sets HttpOnly and Path but never Secure.
package com.example.auth;

import java.util.stream.Stream;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class TokenCookieController {
    private final TokenIssuer issuer;

    public TokenCookieController(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    public interface TokenIssuer {
        String accessToken(String username);

        String refreshToken(String username);
    }

    @PostMapping("/auth/token")
    public ResponseEntity<Void> issue(@RequestParam String username, HttpServletResponse response) {
        Stream.of(
                        new Cookie("access_token", issuer.accessToken(username)),
                        new Cookie("refresh_token", issuer.refreshToken(username)))
                .forEach(cookie -> {
                    cookie.setHttpOnly(true);
                    cookie.setPath("/api");
                    cookie.setMaxAge(cookie.getName().startsWith("refresh") ? 14 * 24 * 3600 : 900);
                    response.addCookie(cookie);
                });
        return ResponseEntity.noContent().build();
    }
}
