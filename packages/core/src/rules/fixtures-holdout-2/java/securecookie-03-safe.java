// Expected: CWE-614 (cookie without Secure flag), safe. The refresh-token cookie is built with Spring's ResponseCookie using secure(true), httpOnly(true) and SameSite=Strict before being sent as a Set-Cookie header.
package com.example.auth;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class TokenRefreshController {
    private final RefreshService refreshService;

    public TokenRefreshController(RefreshService refreshService) {
        this.refreshService = refreshService;
    }

    public interface RefreshService {
        Tokens rotate(String refreshToken);
    }

    public record Tokens(String accessToken, String refreshToken) {}

    @PostMapping("/api/auth/refresh")
    public ResponseEntity<String> refresh(@CookieValue("refresh_token") String current) {
        Tokens next = refreshService.rotate(current);
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, refreshCookie(next.refreshToken()).toString())
                .body(next.accessToken());
    }

    private static ResponseCookie refreshCookie(String value) {
        return ResponseCookie.from("refresh_token", value)
                .path("/api/auth")
                .maxAge(Duration.ofDays(14))
                .httpOnly(true)
                .secure(true)
                .sameSite("Strict")
                .build();
    }
}
