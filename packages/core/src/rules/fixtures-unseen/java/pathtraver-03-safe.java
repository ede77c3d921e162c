// Expected: CWE-22 (path traversal), safe. Only the file-name part is kept and the normalised path must stay under the root.
package com.example.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class ReportDownloadServlet extends HttpServlet {
    private static final Path REPORTS = Paths.get("/srv/reports").toAbsolutePath().normalize();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String requested = request.getParameter("report");
        if (requested == null) {
            response.sendError(400);
            return;
        }
        String baseName = Paths.get(requested).getFileName().toString();
        Path file = REPORTS.resolve(baseName).normalize();
        if (!file.startsWith(REPORTS) || !baseName.matches("[A-Za-z0-9_-]+\\.pdf")) {
            response.sendError(403);
            return;
        }
        response.setContentType("application/pdf");
        Files.copy(file, response.getOutputStream());
    }
}
