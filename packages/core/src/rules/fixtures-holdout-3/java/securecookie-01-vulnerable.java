// Expected: CWE-614 (cookie without Secure flag), vulnerable. The remember-me token cookie is HttpOnly but setSecure(true) is never called, so the browser also sends it over plain HTTP.
package com.example.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

@Component
public class RememberMeIssuer implements AuthenticationSuccessHandler {
    private static final Duration LIFETIME = Duration.ofDays(30);

    private final SecureRandom random = new SecureRandom();
    private final TokenRepository tokens;

    public RememberMeIssuer(TokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        if ("on".equals(request.getParameter("remember"))) {
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            String token = HexFormat.of().formatHex(raw);
            tokens.store(authentication.getName(), token, LIFETIME);
            Cookie cookie = new Cookie("remember_me", token);
            cookie.setHttpOnly(true);
            cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
            cookie.setMaxAge((int) LIFETIME.toSeconds());
            response.addCookie(cookie);
        }
        response.sendRedirect(request.getContextPath() + "/home");
    }

    public interface TokenRepository {
        void store(String username, String token, Duration lifetime);
    }
}
