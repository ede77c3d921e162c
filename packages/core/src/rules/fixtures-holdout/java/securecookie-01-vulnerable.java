// Expected: CWE-614 (cookie without Secure flag), vulnerable. The session id cookie is written as a raw Set-Cookie header with HttpOnly but without the Secure attribute.
package com.example.session;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class SessionStartServlet extends HttpServlet {
    private static final String COOKIE_NAME = "SID";
    private final SecureRandom random = new SecureRandom();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        getServletContext().setAttribute("session:" + sessionId, req.getRemoteUser());
        resp.addHeader("Set-Cookie", COOKIE_NAME + "=" + sessionId + "; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
        resp.sendRedirect(req.getContextPath() + "/home");
    }
}
