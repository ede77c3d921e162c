// Expected: CWE-501 (trust boundary violation), safe. Only server-derived values (the container-authenticated principal, a timestamp and a SecureRandom CSRF token) go into the session; the returnTo parameter is only logged and checked against a constant.
package com.example.portal;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.logging.Logger;

@WebServlet("/portal/enter")
public class PortalEntryServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(PortalEntryServlet.class.getName());
    private final SecureRandom random = new SecureRandom();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Principal principal = req.getUserPrincipal();
        if (principal == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String returnTo = req.getParameter("returnTo");
        LOG.fine(() -> "portal entry requested with returnTo length " + (returnTo == null ? 0 : returnTo.length()));

        byte[] csrf = new byte[32];
        random.nextBytes(csrf);
        HttpSession session = req.getSession(true);
        session.setAttribute("portal.user", principal.getName());
        session.setAttribute("portal.enteredAt", Instant.now());
        session.setAttribute("portal.csrf", Base64.getUrlEncoder().withoutPadding().encodeToString(csrf));
        resp.sendRedirect(req.getContextPath() + ("/reports".equals(returnTo) ? "/reports" : "/home"));
    }
}
