// Expected: CWE-614 (cookie without Secure flag), vulnerable. The long-lived remember-me token cookie is marked HttpOnly but setSecure(true) is never called, so browsers also send it over plain HTTP.
package com.example.login;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/login/remember")
public class RememberMeServlet extends HttpServlet {
    private static final int THIRTY_DAYS = 60 * 60 * 24 * 30;
    private final SecureRandom random = new SecureRandom();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (req.getRemoteUser() == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        getServletContext().setAttribute("remember:" + token, req.getRemoteUser());

        Cookie rememberMe = new Cookie("REMEMBER_ME", token);
        rememberMe.setPath(req.getContextPath().isEmpty() ? "/" : req.getContextPath());
        rememberMe.setMaxAge(THIRTY_DAYS);
        rememberMe.setHttpOnly(true);
        resp.addCookie(rememberMe);
        resp.sendRedirect(req.getContextPath() + "/dashboard");
    }
}
