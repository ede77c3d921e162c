// Expected: CWE-79 (cross-site scripting), vulnerable. The q search parameter is echoed unescaped into an HTML page written with PrintWriter, so a <script> payload in the URL runs in the victim's browser.
package com.example.help;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/help/search")
public class HelpSearchServlet extends HttpServlet {
    private transient ArticleIndex index;

    public interface ArticleIndex {
        List<String> titlesMatching(String query);
    }

    @Override
    public void init() {
        index = (ArticleIndex) getServletContext().getAttribute("articleIndex");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String q = req.getParameter("q");
        if (q == null) {
            q = "";
        }
        List<String> hits = index.titlesMatching(q);
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("<!DOCTYPE html><html><head><title>Help search</title></head><body>");
        out.println("<h1>" + hits.size() + " results for \"" + q + "\"</h1>");
        if (hits.isEmpty()) {
            out.println("<p>Nothing matched. <a href=\"/help\">Back to help</a></p>");
        }
        out.println("</body></html>");
    }
}
