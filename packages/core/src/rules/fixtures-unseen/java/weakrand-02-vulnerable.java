// Expected: CWE-330 (insufficiently random values), vulnerable. Math.random builds a session-style API nonce.
package com.example.auth;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class NonceServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        long nonce = (long) (Math.random() * Long.MAX_VALUE);
        req.getSession().setAttribute("csrfNonce", Long.toString(nonce, 36));
        resp.setContentType("text/plain");
        resp.getWriter().print(Long.toString(nonce, 36));
    }
}
