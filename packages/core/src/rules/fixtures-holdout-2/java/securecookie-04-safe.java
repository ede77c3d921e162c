// Expected: CWE-614 (cookie without Secure flag), safe. The cart session cookie is passed through a harden() helper that always calls setSecure(true) and setHttpOnly(true) before addCookie.
package com.example.shop;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

@WebServlet("/cart/start")
public class CartSessionServlet extends HttpServlet {
    private static final String CART_COOKIE = "CART_ID";
    private final SecureRandom random = new SecureRandom();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] id = new byte[18];
        random.nextBytes(id);
        String cartId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        getServletContext().log("new cart for " + req.getRemoteAddr());

        Cookie cookie = new Cookie(CART_COOKIE, cartId);
        cookie.setPath("/");
        cookie.setMaxAge(7 * 24 * 3600);
        resp.addCookie(harden(cookie));
        resp.setStatus(HttpServletResponse.SC_CREATED);
    }

    private static Cookie harden(Cookie c) {
        c.setSecure(true);
        c.setHttpOnly(true);
        return c;
    }
}
