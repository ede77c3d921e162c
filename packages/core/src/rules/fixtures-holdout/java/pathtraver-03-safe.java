// Expected: CWE-22 (path traversal), safe. The requested file is canonicalised and must lie under the canonical template directory (component-wise Path.startsWith) before it is read.
package com.example.templates;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/templates/raw")
public class TemplateSourceServlet extends HttpServlet {
    private File templateRoot;

    @Override
    public void init() throws ServletException {
        try {
            templateRoot = new File("/opt/app/templates").getCanonicalFile();
        } catch (IOException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String name = req.getParameter("name");
        if (name == null || name.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        File requested = new File(templateRoot, name).getCanonicalFile();
        if (!requested.toPath().startsWith(templateRoot.toPath()) || !requested.isFile()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(Files.readString(requested.toPath(), StandardCharsets.UTF_8));
    }
}
