// Expected: CWE-614 (cookie without Secure flag), safe. The Set-Cookie header is built with a StringBuilder that always appends Secure, HttpOnly and SameSite=Strict.
package com.example.session;

import java.time.Duration;
import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

@Component
public class SessionCookieWriter {
    private static final Duration LIFETIME = Duration.ofHours(8);

    public void write(HttpServletResponse response, String sessionId) {
        response.addHeader("Set-Cookie", header("__Host-session", sessionId, LIFETIME));
    }

    public void clear(HttpServletResponse response) {
        response.addHeader("Set-Cookie", header("__Host-session", "", Duration.ZERO));
    }

    private static String header(String name, String value, Duration maxAge) {
        return new StringBuilder()
                .append(name).append('=').append(value)
                .append("; Path=/")
                .append("; Max-Age=").append(maxAge.getSeconds())
                .append("; Secure")
                .append("; HttpOnly")
                .append("; SameSite=Strict")
                .toString();
    }
}
