// Expected: CWE-79 (cross-site scripting), vulnerable. The search results are encoded, but the q parameter itself is appended raw into the HTML heading written to the response.
package com.example.search;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.owasp.encoder.Encode;

public class SiteSearchServlet extends HttpServlet {
    private transient SearchIndex index;

    @Override
    public void init() {
        index = (SearchIndex) getServletContext().getAttribute("searchIndex");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String q = Objects.requireNonNullElse(req.getParameter("q"), "").strip();
        List<String> hits = index.search(q, 20);

        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>Search</title></head><body>");
        html.append("<h1>Results for \"").append(q).append("\"</h1>");
        html.append("<p>").append(hits.size()).append(" matches</p><ul>");
        for (String hit : hits) {
            html.append("<li>").append(Encode.forHtml(hit)).append("</li>");
        }
        html.append("</ul></body></html>");

        resp.setContentType("text/html;charset=UTF-8");
        resp.getWriter().write(html.toString());
    }

    public interface SearchIndex {
        List<String> search(String query, int limit);
    }
}
