// Expected: CWE-501 (trust boundary violation), safe. The theme parameter must name an enum constant; only that constant's name is stored in the session.
package com.example.ui;

import java.io.IOException;
import java.util.Locale;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class ThemeServlet extends HttpServlet {

    enum Theme {
        LIGHT,
        DARK,
        HIGH_CONTRAST
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String requested = req.getParameter("theme");
        Theme theme;
        try {
            theme = requested == null ? Theme.LIGHT : Theme.valueOf(requested.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown theme");
            return;
        }
        req.getSession().setAttribute("ui.theme", theme.name());
        resp.sendRedirect(req.getContextPath() + "/settings");
    }
}
