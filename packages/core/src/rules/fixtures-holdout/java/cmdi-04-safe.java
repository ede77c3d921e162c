// Expected: CWE-78 (OS command injection), safe. The report name only selects a fixed argv from a map; unknown names get 404 before anything runs.
package com.example.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class DiagnosticsServlet extends HttpServlet {
    private static final Map<String, List<String>> REPORTS = Map.of(
            "disk", List.of("df", "-h"),
            "memory", List.of("free", "-m"),
            "uptime", List.of("uptime"),
            "sockets", List.of("ss", "-tln"));

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String report = request.getParameter("report");
        List<String> argv = report == null ? null : REPORTS.get(report.toLowerCase());
        if (argv == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "unknown report");
            return;
        }
        Process process = Runtime.getRuntime().exec(argv.toArray(new String[0]));
        response.setContentType("text/plain");
        try (InputStream in = process.getInputStream()) {
            response.getWriter().write(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
