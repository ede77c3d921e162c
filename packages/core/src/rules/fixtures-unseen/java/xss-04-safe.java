// Expected: CWE-79 (cross-site scripting), safe. Parameter parsed to an int; only the number reaches the page.
package com.example.web;

import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class PaginationServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        int page;
        try {
            page = Integer.parseInt(req.getParameter("page"));
        } catch (NumberFormatException e) {
            page = 1;
        }
        resp.setContentType("text/html");
        PrintWriter writer = resp.getWriter();
        writer.printf("<nav>Page %d</nav>%n", page);
    }
}
