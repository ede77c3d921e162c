// Expected: CWE-614 (cookie without Secure flag), safe. Session cookie marked Secure and HttpOnly before being added.
package com.example.auth;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class LoginServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String sessionToken = java.util.UUID.randomUUID().toString();
        Cookie session = new Cookie("SID", sessionToken);
        session.setPath("/");
        session.setHttpOnly(true);
        session.setSecure(true);
        response.addCookie(session);
        response.sendRedirect("/dashboard");
    }
}
