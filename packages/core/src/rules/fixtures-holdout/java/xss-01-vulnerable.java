// Expected: CWE-79 (cross-site scripting), vulnerable. The search term is written into the HTML page after only removing literal <script> tags, so <img onerror=...> still runs.
package com.example.forum;

import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/forum/search")
public class ForumSearchServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String q = stripScripts(req.getParameter("q"));
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("<!DOCTYPE html><html><head><title>Forum search</title></head><body>");
        out.println("<h2>Threads matching: " + q + "</h2>");
        out.println("<p>No threads found. <a href=\"/forum\">Back to the forum</a></p>");
        out.println("</body></html>");
    }

    private static String stripScripts(String input) {
        if (input == null) {
            return "";
        }
        return input.replaceAll("(?i)</?script>", "");
    }
}
