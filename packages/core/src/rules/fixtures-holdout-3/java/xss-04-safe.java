// Expected: CWE-79 (cross-site scripting), safe. Every request value passes through the project's Html.text helper (commons-text escapeHtml4) before reaching element content or a double-quoted attribute.
package com.example.newsletter;

import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.text.StringEscapeUtils;

public class UnsubscribeConfirmServlet extends HttpServlet {

    static final class Html {
        private Html() {}

        static String text(String raw) {
            return raw == null ? "" : StringEscapeUtils.escapeHtml4(raw);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String email = req.getParameter("email");
        String list = req.getParameter("list");
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("<!DOCTYPE html><html><body>");
        out.println("<form method=\"post\" action=\"unsubscribe\">");
        out.println("<p>Unsubscribe <strong>" + Html.text(email) + "</strong> from " + Html.text(list) + "?</p>");
        out.println("<input type=\"hidden\" name=\"email\" value=\"" + Html.text(email) + "\">");
        out.println("<input type=\"hidden\" name=\"list\" value=\"" + Html.text(list) + "\">");
        out.println("<button type=\"submit\">Confirm</button>");
        out.println("</form></body></html>");
    }
}
