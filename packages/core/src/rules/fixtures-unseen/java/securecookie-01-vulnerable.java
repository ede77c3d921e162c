// Expected: CWE-614 (cookie without Secure flag), vulnerable. Remember-me cookie created and added without setSecure(true).
package com.example.auth;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class RememberMeServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String token = (String) req.getSession().getAttribute("rememberToken");
        Cookie cookie = new Cookie("remember_me", token);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(60 * 60 * 24 * 30);
        cookie.setPath("/");
        resp.addCookie(cookie);
        resp.sendRedirect("/home");
    }
}
