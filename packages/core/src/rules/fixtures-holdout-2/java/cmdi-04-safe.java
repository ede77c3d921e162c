// Expected: CWE-78 (OS command injection), safe. The log name only selects a constant path from a fixed map and the line count is parsed into a bounded int, so no request text reaches the argv array given to Runtime.exec.
package com.example.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/admin/logs/tail")
public class LogTailServlet extends HttpServlet {
    private static final Map<String, String> LOGS = Map.of(
            "app", "/var/log/shop/app.log",
            "access", "/var/log/shop/access.log",
            "gc", "/var/log/shop/gc.log");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String requested = req.getParameter("log");
        String logPath = requested == null ? null : LOGS.get(requested);
        if (logPath == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        int lines;
        try {
            lines = Math.max(1, Math.min(500, Integer.parseInt(req.getParameter("lines"))));
        } catch (NumberFormatException e) {
            lines = 100;
        }
        String[] argv = {"/usr/bin/tail", "-n", Integer.toString(lines), logPath};
        Process proc = Runtime.getRuntime().exec(argv);
        resp.setContentType("text/plain;charset=UTF-8");
        try (InputStream in = proc.getInputStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
