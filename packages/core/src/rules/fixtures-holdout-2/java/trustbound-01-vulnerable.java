// Expected: CWE-501 (trust boundary violation), vulnerable. The unauthenticated X-Forwarded-User header is written into the HttpSession via putValue as the logged-in user, mixing untrusted input with trusted session state.
package com.example.sso;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

@WebServlet("/sso/callback")
public class ProxyLoginServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String forwardedUser = req.getHeader("X-Forwarded-User");
        String forwardedGroups = req.getHeader("X-Forwarded-Groups");
        if (forwardedUser == null || forwardedUser.isBlank()) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        HttpSession session = req.getSession(true);
        remember(session, forwardedUser.trim(), forwardedGroups == null ? "" : forwardedGroups);
        resp.sendRedirect(req.getContextPath() + "/portal");
    }

    @SuppressWarnings("deprecation")
    private static void remember(HttpSession session, String user, String groups) {
        session.putValue("auth.user", user);
        session.putValue("auth.groups", groups.split(","));
        session.setMaxInactiveInterval(30 * 60);
    }
}
