// Expected: CWE-614 (cookie without Secure flag), safe. Every cookie in the loop gets setSecure(true) and setHttpOnly(true) before it is added.
package com.example.login;

import java.io.IOException;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class LoginCompleteServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String accessToken = (String) req.getAttribute("issuedAccessToken");
        String deviceId = (String) req.getAttribute("deviceId");
        if (accessToken == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        List<Cookie> cookies = List.of(new Cookie("at", accessToken), new Cookie("device", deviceId));
        for (Cookie cookie : cookies) {
            cookie.setSecure(true);
            cookie.setHttpOnly(true);
            cookie.setPath("/");
            resp.addCookie(cookie);
        }
        resp.sendRedirect(req.getContextPath() + "/app");
    }
}
