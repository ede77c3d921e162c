// Expected: CWE-79 (cross-site scripting), safe. The q parameter is encoded with the OWASP Java Encoder (Encode.forHtml / forHtmlAttribute) before being written into the HTML response.
package com.example.help;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.owasp.encoder.Encode;

@WebServlet("/kb/search")
public class KnowledgeBaseSearchServlet extends HttpServlet {
    private transient ArticleIndex index;

    public interface ArticleIndex {
        List<String> titlesMatching(String query);
    }

    @Override
    public void init() {
        index = (ArticleIndex) getServletContext().getAttribute("articleIndex");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String q = req.getParameter("q") == null ? "" : req.getParameter("q");
        List<String> hits = index.titlesMatching(q);
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("<!DOCTYPE html><html><head><title>Knowledge base</title></head><body>");
        out.println("<form><input name=\"q\" value=\"" + Encode.forHtmlAttribute(q) + "\"></form>");
        out.println("<h1>" + hits.size() + " results for \"" + Encode.forHtml(q) + "\"</h1>");
        for (String title : hits) {
            out.println("<li>" + Encode.forHtml(title) + "</li>");
        }
        out.println("</body></html>");
    }
}
