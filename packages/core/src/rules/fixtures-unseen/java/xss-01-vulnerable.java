// Expected: CWE-79 (cross-site scripting), vulnerable. Query parameter written into HTML through a String.format helper.
package com.example.web;

import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class GreetingServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String name = req.getParameter("name");
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.write(banner(name));
    }

    private String banner(String who) {
        return String.format("<div class=\"banner\">Welcome back, %s!</div>", who);
    }
}
