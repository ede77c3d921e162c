// Expected: CWE-79 (cross-site scripting), safe. User input HTML-encoded (OWASP Encoder) before it is written.
package com.example.web;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.owasp.encoder.Encode;

public class CommentPreviewServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String comment = request.getParameter("comment");
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().println("<blockquote>" + Encode.forHtml(comment) + "</blockquote>");
    }
}
