// Expected: CWE-614 (cookie without Secure flag), safe. The raw Set-Cookie header for the device-trust cookie is assembled with a StringJoiner that always includes the Secure and HttpOnly attributes.
package com.example.devices;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.UUID;

@WebServlet("/devices/trust")
public class DeviceTrustServlet extends HttpServlet {
    private static final Duration TRUST_PERIOD = Duration.ofDays(60);

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getUserPrincipal() == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String deviceId = UUID.randomUUID().toString();
        DeviceRegistry registry = (DeviceRegistry) getServletContext().getAttribute("deviceRegistry");
        registry.trust(req.getUserPrincipal().getName(), deviceId, TRUST_PERIOD);

        StringJoiner header = new StringJoiner("; ");
        header.add("device_trust=" + deviceId);
        header.add("Path=/");
        header.add("Max-Age=" + TRUST_PERIOD.toSeconds());
        header.add("Secure");
        header.add("HttpOnly");
        header.add("SameSite=Lax");
        resp.addHeader("Set-Cookie", header.toString());
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    public interface DeviceRegistry {
        void trust(String username, String deviceId, Duration period);
    }
}
