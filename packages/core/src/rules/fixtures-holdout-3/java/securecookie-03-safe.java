// Expected: CWE-614 (cookie without Secure flag), safe. The rotated refresh-token cookie is built with ResponseCookie secure(true), httpOnly(true) and SameSite=Strict.
package com.example.auth.refresh;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RefreshTokenController {
    private final TokenService tokenService;

    public RefreshTokenController(TokenService tokenService) {
        this.tokenService = tokenService;
    }

    @PostMapping("/api/auth/refresh")
    public ResponseEntity<Map<String, String>> refresh(
            @CookieValue(name = "refresh_token", required = false) String current) {
        if (current == null) {
            return ResponseEntity.status(401).build();
        }
        TokenService.Pair pair = tokenService.rotate(current);
        ResponseCookie cookie = ResponseCookie.from("refresh_token", pair.refreshToken())
                .httpOnly(true)
                .secure(true)
                .sameSite("Strict")
                .path("/api/auth")
                .maxAge(Duration.ofDays(14))
                .build();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(Map.of("accessToken", pair.accessToken()));
    }

    public interface TokenService {
        Pair rotate(String refreshToken);

        record Pair(String accessToken, String refreshToken) {}
    }
}
