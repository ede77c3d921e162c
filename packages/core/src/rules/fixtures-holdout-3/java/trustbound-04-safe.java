// Expected: CWE-501 (trust boundary violation), safe. Only server-derived values (the container-authenticated principal and a SecureRandom CSRF nonce) enter the session; the client returnTo value is only length-checked and its length logged.
package com.example.login;

import java.io.IOException;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

public class PostLoginServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(PostLoginServlet.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Principal principal = req.getUserPrincipal();
        if (principal == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String returnTo = req.getParameter("returnTo");
        if (returnTo != null && returnTo.length() > 512) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        LOG.fine(() -> "post-login for " + principal.getName() + ", requested returnTo length "
                + (returnTo == null ? 0 : returnTo.length()));
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        HttpSession session = req.getSession();
        session.setAttribute("auth.user", principal.getName());
        session.setAttribute("csrf.nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        resp.sendRedirect(req.getContextPath() + "/home");
    }
}
