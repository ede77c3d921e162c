// Expected: CWE-501 (trust boundary violation), safe. Only a value chosen from a fixed allow-list is put into the session.
package com.example.web;

import java.io.IOException;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class LocaleServlet extends HttpServlet {
    private static final List<String> SUPPORTED = List.of("en", "de", "fr", "es");

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String requested = req.getParameter("locale");
        String locale = "en";
        for (String candidate : SUPPORTED) {
            if (candidate.equals(requested)) {
                locale = candidate;
            }
        }
        req.getSession().setAttribute("locale", locale);
        resp.sendRedirect("/");
    }
}
