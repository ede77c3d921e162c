// Expected: CWE-330 (insufficiently random values), safe. SecureRandom.getInstanceStrong picks a one-time code digit by digit.
package com.example.auth;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class OneTimeCodeServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        SecureRandom random;
        try {
            random = SecureRandom.getInstanceStrong();
        } catch (NoSuchAlgorithmException e) {
            throw new ServletException(e);
        }
        int code = 100_000 + random.nextInt(900_000);
        request.getSession(true).setAttribute("otp", Integer.toString(code));
        response.setStatus(204);
    }
}
